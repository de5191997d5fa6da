import { join } from 'node:path';
import { locate } from '../files.ts';
import { msdInfo, msdSamples, readMsdJson, writeMsdFixture } from '../msd-json/recipe.ts';
import { defineRecipe } from '../recipe.ts';

/** The ten tasks with the modalities and labels their dataset.json files declare. */
export const TASKS: Record<
  string,
  { catalogId: string; prefix: string; modality: Record<string, string>; labels: Record<string, string> }
> = {
  Task01_BrainTumour: {
    catalogId: 'msd-brain-tumour',
    prefix: 'BRATS',
    modality: { 0: 'FLAIR', 1: 'T1w', 2: 't1gd', 3: 'T2w' },
    labels: { 0: 'background', 1: 'edema', 2: 'non-enhancing tumor', 3: 'enhancing tumour' },
  },
  Task02_Heart: {
    catalogId: 'msd-heart',
    prefix: 'la',
    modality: { 0: 'MRI' },
    labels: { 0: 'background', 1: 'left atrium' },
  },
  Task03_Liver: {
    catalogId: 'msd-liver',
    prefix: 'liver',
    modality: { 0: 'CT' },
    labels: { 0: 'background', 1: 'liver', 2: 'cancer' },
  },
  Task04_Hippocampus: {
    catalogId: 'msd-hippocampus',
    prefix: 'hippocampus',
    modality: { 0: 'MRI' },
    labels: { 0: 'background', 1: 'Anterior', 2: 'Posterior' },
  },
  Task05_Prostate: {
    catalogId: 'msd-prostate',
    prefix: 'prostate',
    modality: { 0: 'T2', 1: 'ADC' },
    labels: { 0: 'background', 1: 'PZ', 2: 'TZ' },
  },
  Task06_Lung: {
    catalogId: 'msd-lung',
    prefix: 'lung',
    modality: { 0: 'CT' },
    labels: { 0: 'background', 1: 'cancer' },
  },
  Task07_Pancreas: {
    catalogId: 'msd-pancreas',
    prefix: 'pancreas',
    modality: { 0: 'CT' },
    labels: { 0: 'background', 1: 'pancreas', 2: 'cancer' },
  },
  Task08_HepaticVessel: {
    catalogId: 'msd-hepatic-vessel',
    prefix: 'hepaticvessel',
    modality: { 0: 'CT' },
    labels: { 0: 'background', 1: 'Vessel', 2: 'Tumour' },
  },
  Task09_Spleen: {
    catalogId: 'msd-spleen',
    prefix: 'spleen',
    modality: { 0: 'CT' },
    labels: { 0: 'background', 1: 'spleen' },
  },
  Task10_Colon: {
    catalogId: 'msd-colon',
    prefix: 'colon',
    modality: { 0: 'CT' },
    labels: { 0: 'background', 1: 'colon cancer primaries' },
  },
};

const MIRROR = 'https://msd-for-monai.s3-us-west-2.amazonaws.com';

/**
 * Medical Segmentation Decathlon (Antonelli et al., Nature Communications 2022; Simpson et al.,
 * arXiv:1902.09063): each task unpacks to `TaskNN_Name/` with `dataset.json` (modality, labels,
 * training image/label pairs, test images), `imagesTr/`, `labelsTr/`, `imagesTs/`. Multi-modal
 * tasks (01, 05) store the modalities as the 4th NIfTI axis, which becomes channels. Every task is
 * a config; the tars come from the AWS copy MONAI's DecathlonDataset downloads.
 */
export default defineRecipe({
  id: 'msd',
  catalogIds: ['msd', ...Object.values(TASKS).map((t) => t.catalogId)],
  title: 'Medical Segmentation Decathlon',
  configs: Object.keys(TASKS),
  layout: 'TaskNN_Name/\n  dataset.json\n  imagesTr/<case>.nii.gz\n  labelsTr/<case>.nii.gz\n  imagesTs/<case>.nii.gz',
  references: [
    'http://medicaldecathlon.com/',
    'https://arxiv.org/abs/1902.09063',
    'https://doi.org/10.1038/s41467-022-30695-9',
  ],
  formats: ['nifti', 'json'],
  info: (config = 'Task01_BrainTumour') => msdInfo(TASKS[config]!),
  split: { rule: 'official training/test lists of dataset.json; val carved from training by case under the seed' },
  access: (config = 'Task01_BrainTumour') => ({
    kind: 'direct',
    page: 'http://medicaldecathlon.com/',
    files: [{ url: `${MIRROR}/${config}.tar`, file: `${config}.tar`, extract: true }],
  }),
  configFor: (catalogId) => Object.entries(TASKS).find(([, t]) => t.catalogId === catalogId)?.[0],
  checksums: {},
  required: (config = 'Task01_BrainTumour') => [`${config}/dataset.json`],
  async listSamples(root, config = 'Task01_BrainTumour') {
    const base = locate(root, 'dataset.json', [config]);
    return msdSamples(base, await readMsdJson('msd', base));
  },
  writeFixture: (dir, config = 'Task01_BrainTumour') =>
    writeMsdFixture(join(dir, config), { name: config, ...TASKS[config]! }, { train: 3, test: 1 }),
});
