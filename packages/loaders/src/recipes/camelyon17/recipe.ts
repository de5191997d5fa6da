import { join } from 'node:path';
import { FIXTURE_TILES, FIXTURE_TILING, writeCamelyonSlide } from '../camelyon16/slides.ts';
import { filesMatching, readCsv, stem } from '../files.ts';
import { csv, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const STAGES = ['negative', 'itc', 'micro', 'macro'];

/**
 * CAMELYON17 (Bándi et al., IEEE TMI 2019): 1000 lymph-node slides of 200 patients, five per
 * patient, `training/center_<c>/patient_<nnn>_node_<k>.tif` (500, centres 0–4) and
 * `testing/patients/…` (500); 50 training slides have ASAP annotations
 * `training/lesion_annotations/patient_<nnn>_node_<k>.xml`; `training/stage_labels.csv` (patient,
 * stage) gives each slide's class (negative, itc, micro, macro) and each patient's pN stage.
 * Slides stream as tiles as in CAMELYON16. The five slides of a patient never straddle splits.
 */
export default defineRecipe({
  id: 'camelyon17',
  catalogIds: ['camelyon17'],
  title: 'CAMELYON17',
  layout:
    'training/center_0/patient_000_node_0.tif … center_4/…\ntraining/lesion_annotations/patient_004_node_4.xml …\ntraining/stage_labels.csv\ntesting/patients/patient_100_node_0.tif …',
  references: [
    'https://camelyon17.grand-challenge.org/Data/',
    'https://doi.org/10.1109/TMI.2018.2867350',
    'https://registry.opendata.aws/camelyon/',
  ],
  formats: ['tiff', 'xml', 'csv'],
  info: {
    classes: ['normal', 'tumor'],
    labelMap: { 0: 'background', 1: 'tumor' },
    task: 'segmentation',
    dimensionality: 'slide',
    channels: 'RGB tiles [size, size, 3]',
    maskEncoding: 'labels',
  },
  split: { rule: 'official: training / testing patients; val carved from training by patient (5 slides each)' },
  access: {
    kind: 'manual',
    where:
      'https://camelyon17.grand-challenge.org/Data/ (AWS open data: `aws s3 sync --no-sign-request s3://camelyon-dataset/CAMELYON17/ .`, or GigaDB 100439)',
    files: [
      'CAMELYON17/training/center_*/',
      'CAMELYON17/training/lesion_annotations/',
      'CAMELYON17/training/stage_labels.csv',
      'CAMELYON17/testing/',
    ],
  },
  checksums: {},
  required: () => ['training'],
  async listSamples(root) {
    const xmls = new Map((await filesMatching(root, /\.xml$/i)).map((p) => [stem(p), p]));
    const labelsCsv = (await filesMatching(root, /^stage_labels\.csv$/i))[0];
    const stage = new Map(
      labelsCsv ? (await readCsv(labelsCsv)).map((r) => [r.patient!.replace(/\.tif$/, ''), r.stage!]) : [],
    );
    const out: SampleRef[] = [];
    for (const path of await filesMatching(root, /^patient_\d+_node_\d\.tif$/i)) {
      const id = stem(path);
      const patientId = id.replace(/_node_\d$/, '');
      const ref: SampleRef = {
        id,
        image: { kind: 'slide', path },
        patientId,
        split: path.includes('/testing/') ? 'test' : 'train',
        path,
      };
      const xml = xmls.get(id);
      if (xml) ref.mask = { kind: 'asap', path: xml };
      const s = stage.get(id);
      if (s) ref.extra = { slideLabel: STAGES.indexOf(s), stage: s, pN: stage.get(`${patientId}.zip`) ?? '' };
      out.push(ref);
    }
    return out;
  },
  async writeFixture(dir) {
    const rows: string[][] = [['patient', 'stage']];
    for (const p of [0, 1]) {
      rows.push([`patient_00${p}.zip`, p ? 'pN1' : 'pN0']);
      for (const node of [0, 1]) {
        const id = `patient_00${p}_node_${node}`;
        const tumour = p === 1 && node === 1;
        await writeCamelyonSlide(
          join(dir, 'training', `center_${p}`, `${id}.tif`),
          tumour ? join(dir, 'training', 'lesion_annotations', `${id}.xml`) : undefined,
          'metastases',
        );
        rows.push([`${id}.tif`, tumour ? 'macro' : 'negative']);
      }
    }
    await writeCamelyonSlide(join(dir, 'testing', 'patients', 'patient_100_node_0.tif'));
    await writeText(join(dir, 'training', 'stage_labels.csv'), csv(rows));
    return { samples: 5, splits: { train: 4, test: 1 }, tilesPerSample: FIXTURE_TILES, tile: FIXTURE_TILING };
  },
});
