import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetLayoutError } from '../../download/errors.ts';
import { readNpz } from '../../npz.ts';
import { seededRandom } from '../../random.ts';
import { SPLITS } from '../../splits.ts';
import { writeNpz } from '../fixture-kit.ts';
import { defineRecipe, type RecipeInfo, type SampleRef } from '../recipe.ts';

const ORGANS = [
  'bladder',
  'femur-left',
  'femur-right',
  'heart',
  'kidney-left',
  'kidney-right',
  'liver',
  'lung-left',
  'lung-right',
  'pancreas',
  'spleen',
];

/** Class names in label order, from MedMNIST's INFO (medmnist/info.py). */
export const SUBSETS: Record<string, { classes: string[]; rgb?: boolean; multilabel?: boolean; volume?: boolean }> = {
  pathmnist: {
    rgb: true,
    classes: [
      'adipose',
      'background',
      'debris',
      'lymphocytes',
      'mucus',
      'smooth muscle',
      'normal colon mucosa',
      'cancer-associated stroma',
      'colorectal adenocarcinoma epithelium',
    ],
  },
  chestmnist: {
    multilabel: true,
    classes: [
      'atelectasis',
      'cardiomegaly',
      'effusion',
      'infiltration',
      'mass',
      'nodule',
      'pneumonia',
      'pneumothorax',
      'consolidation',
      'edema',
      'emphysema',
      'fibrosis',
      'pleural',
      'hernia',
    ],
  },
  dermamnist: {
    rgb: true,
    classes: [
      'actinic keratoses and intraepithelial carcinoma',
      'basal cell carcinoma',
      'benign keratosis-like lesions',
      'dermatofibroma',
      'melanoma',
      'melanocytic nevi',
      'vascular lesions',
    ],
  },
  octmnist: { classes: ['choroidal neovascularization', 'diabetic macular edema', 'drusen', 'normal'] },
  pneumoniamnist: { classes: ['normal', 'pneumonia'] },
  retinamnist: { rgb: true, classes: ['0', '1', '2', '3', '4'] },
  breastmnist: { classes: ['malignant', 'normal, benign'] },
  bloodmnist: {
    rgb: true,
    classes: [
      'basophil',
      'eosinophil',
      'erythroblast',
      'immature granulocytes',
      'lymphocyte',
      'monocyte',
      'neutrophil',
      'platelet',
    ],
  },
  tissuemnist: {
    classes: [
      'Collecting Duct, Connecting Tubule',
      'Distal Convoluted Tubule',
      'Glomerular endothelial cells',
      'Interstitial endothelial cells',
      'Leukocytes',
      'Podocytes',
      'Proximal Tubule Segments',
      'Thick Ascending Limb',
    ],
  },
  organamnist: { classes: ORGANS },
  organcmnist: { classes: ORGANS },
  organsmnist: { classes: ORGANS },
  organmnist3d: {
    volume: true,
    classes: [
      'liver',
      'kidney-right',
      'kidney-left',
      'femur-right',
      'femur-left',
      'bladder',
      'heart',
      'lung-right',
      'lung-left',
      'spleen',
      'pancreas',
    ],
  },
  nodulemnist3d: { volume: true, classes: ['benign', 'malignant'] },
  adrenalmnist3d: { volume: true, classes: ['normal', 'hyperplasia'] },
  fracturemnist3d: {
    volume: true,
    classes: ['buckle rib fracture', 'nondisplaced rib fracture', 'displaced rib fracture'],
  },
  vesselmnist3d: { volume: true, classes: ['vessel', 'aneurysm'] },
  synapsemnist3d: { volume: true, classes: ['inhibitory synapse', 'excitatory synapse'] },
};

const ZENODO = 'https://zenodo.org/records/10519652/files';

function infoFor(config = 'pathmnist'): RecipeInfo {
  const s = SUBSETS[config]!;
  return {
    classes: s.classes,
    task: s.multilabel ? 'multilabel' : 'classification',
    dimensionality: s.volume ? '3d' : '2d',
    channels: s.volume ? 'gray [28, 28, 28, 1]' : s.rgb ? 'RGB [28, 28, 3]' : 'gray [28, 28, 1]',
  };
}

/**
 * MedMNIST v2 (Yang et al., Scientific Data 2023): one `<subset>.npz` per subset (12 2D, 6 3D),
 * each holding `{train,val,test}_images` (uint8, [N, 28, 28], [N, 28, 28, 3] or [N, 28, 28, 28])
 * and `{train,val,test}_labels` ([N, 1], or [N, 14] multi-hot for chestmnist). Each subset is a
 * config; the arrays' train/val/test is the official split (made by patient upstream where the
 * source dataset has patients).
 */
export default defineRecipe({
  id: 'medmnist-v2',
  catalogIds: ['medmnist-v2'],
  title: 'MedMNIST v2',
  configs: Object.keys(SUBSETS),
  layout:
    '<subset>.npz (pathmnist.npz, chestmnist.npz, …, synapsemnist3d.npz) with train/val/test _images and _labels arrays',
  references: [
    'https://medmnist.com/',
    'https://doi.org/10.1038/s41597-022-01721-8',
    'https://zenodo.org/records/10519652',
  ],
  formats: ['npz'],
  info: infoFor,
  split: { rule: 'official: the train/val/test arrays of each .npz' },
  access: (config = 'pathmnist') => ({
    kind: 'direct',
    page: 'https://zenodo.org/records/10519652',
    files: [{ url: `${ZENODO}/${config}.npz?download=1`, file: `${config}.npz`, extract: false }],
  }),
  checksums: {},
  required: (config = 'pathmnist') => [`${config}.npz`],
  async listSamples(root, config = 'pathmnist') {
    const path = join(root, `${config}.npz`);
    if (!existsSync(path)) throw new DatasetLayoutError('medmnist-v2', root, `missing ${config}.npz`);
    const arrays = await readNpz(path);
    const multilabel = SUBSETS[config]?.multilabel;
    const out: SampleRef[] = [];
    for (const split of SPLITS) {
      const images = arrays[`${split}_images`];
      const labels = arrays[`${split}_labels`];
      if (!images || !labels) continue;
      const n = images.shape[0]!;
      const width = labels.shape[1] ?? 1;
      for (let i = 0; i < n; i++) {
        const row = Array.from(labels.data.subarray(i * width, (i + 1) * width), Number);
        out.push({
          id: `${split}-${i}`,
          image: { kind: 'npy', path, key: `${split}_images`, index: i },
          label: multilabel ? row : row[0]!,
          split,
          path,
        });
      }
    }
    return out;
  },
  async writeFixture(dir, config = 'pathmnist') {
    const s = SUBSETS[config]!;
    const item = s.volume ? [28, 28, 28] : s.rgb ? [28, 28, 3] : [28, 28];
    const size = item.reduce((a, b) => a * b, 1);
    const random = seededRandom(config.length);
    const counts = { train: 3, val: 1, test: 2 };
    const arrays: Record<string, { data: Uint8Array; shape: number[] }> = {};
    for (const [split, n] of Object.entries(counts)) {
      const data = new Uint8Array(n * size).map(() => Math.floor(random() * 256));
      const width = s.multilabel ? s.classes.length : 1;
      const labels = new Uint8Array(n * width).map((_, k) =>
        s.multilabel ? (k % 3 === 0 ? 1 : 0) : k % s.classes.length,
      );
      arrays[`${split}_images`] = { data, shape: [n, ...item] };
      arrays[`${split}_labels`] = { data: labels, shape: [n, width] };
    }
    await writeNpz(join(dir, `${config}.npz`), arrays);
    return { samples: 6, splits: counts };
  },
});
