import { join } from 'node:path';
import { filesMatching, readCsvRows, stem } from '../files.ts';
import { csv, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';
import { FIXTURE_TILES, FIXTURE_TILING, writeCamelyonSlide } from './slides.ts';

/**
 * CAMELYON16 (Ehteshami Bejnordi et al., JAMA 2017): 399 lymph-node slides (pyramidal TIFF),
 * `training/normal/normal_<nnn>.tif` (159), `training/tumor/tumor_<nnn>.tif` (111) with ASAP
 * annotations `training/lesion_annotations/tumor_<nnn>.xml` (groups `_0`, `_1` tumour, `_2`
 * non-tumour holes), and `testing/images/test_<nnn>.tif` (129) with `reference.csv` and test
 * annotations. Slides stream as tiles (loadDataset's `tile`: size, level or magnification,
 * minTissue); masks are the polygons rasterized per tile, and a tile is labelled tumour when at
 * least half of it is annotated. One slide per patient: split by slide.
 */
export default defineRecipe({
  id: 'camelyon16',
  catalogIds: ['camelyon16'],
  title: 'CAMELYON16',
  layout:
    'training/normal/normal_001.tif …\ntraining/tumor/tumor_001.tif …\ntraining/lesion_annotations/tumor_001.xml …\ntesting/images/test_001.tif …\ntesting/lesion_annotations/test_001.xml …\ntesting/reference.csv (or evaluation/reference.csv)',
  references: [
    'https://camelyon16.grand-challenge.org/Data/',
    'https://doi.org/10.1001/jama.2017.14585',
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
  split: { rule: 'official: training / testing slides; val carved from training by slide (one per patient)' },
  access: {
    kind: 'manual',
    where:
      'https://camelyon17.grand-challenge.org/Data/ (AWS open data: `aws s3 sync --no-sign-request s3://camelyon-dataset/CAMELYON16/ .`, or GigaDB 100439)',
    files: [
      'CAMELYON16/training/{normal,tumor,lesion_annotations}/',
      'CAMELYON16/testing/{images,lesion_annotations}/',
      'CAMELYON16/testing/reference.csv',
    ],
  },
  checksums: {},
  required: () => ['training'],
  async listSamples(root) {
    const out: SampleRef[] = [];
    const xmls = new Map((await filesMatching(root, /\.xml$/i)).map((p) => [stem(p), p]));
    const refCsv = (await filesMatching(root, /^reference\.csv$/i))[0];
    const testLabels = new Map(refCsv ? (await readCsvRows(refCsv)).map((r) => [r[0]!, r[1] === 'Tumor' ? 1 : 0]) : []);
    for (const path of await filesMatching(root, /^(normal|tumor|test)_\d+\.tif$/i)) {
      const id = stem(path);
      const split = id.startsWith('test') ? 'test' : 'train';
      const ref: SampleRef = { id, image: { kind: 'slide', path }, patientId: id, split, path };
      const xml = xmls.get(id);
      if (xml) ref.mask = { kind: 'asap', path: xml, exclude: ['_2'] };
      const slideLabel = split === 'test' ? testLabels.get(id) : id.startsWith('tumor') ? 1 : 0;
      if (slideLabel !== undefined) ref.extra = { slideLabel };
      out.push(ref);
    }
    return out;
  },
  async writeFixture(dir) {
    await writeCamelyonSlide(join(dir, 'training', 'normal', 'normal_001.tif'));
    await writeCamelyonSlide(
      join(dir, 'training', 'tumor', 'tumor_001.tif'),
      join(dir, 'training', 'lesion_annotations', 'tumor_001.xml'),
    );
    await writeCamelyonSlide(
      join(dir, 'training', 'tumor', 'tumor_002.tif'),
      join(dir, 'training', 'lesion_annotations', 'tumor_002.xml'),
      '_1',
    );
    await writeCamelyonSlide(
      join(dir, 'testing', 'images', 'test_001.tif'),
      join(dir, 'testing', 'lesion_annotations', 'test_001.xml'),
    );
    await writeText(join(dir, 'testing', 'reference.csv'), csv([['test_001', 'Tumor', 'Macro']]));
    return { samples: 4, splits: { train: 3, test: 1 }, tilesPerSample: FIXTURE_TILES, tile: FIXTURE_TILING };
  },
});
