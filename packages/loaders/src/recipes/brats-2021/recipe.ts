import { join } from 'node:path';
import { defineRecipe } from '../recipe.ts';
import { BRATS_INFO, bratsSamples, writeBratsCase } from './brats.ts';

/**
 * BraTS 2021 (Baid et al., arXiv:2107.02314): 1251 training cases
 * `BraTS2021_<nnnnn>/BraTS2021_<nnnnn>_{flair,t1,t1ce,t2,seg}.nii.gz` (from
 * BraTS2021_Training_Data.tar), 1 mm isotropic, skull-stripped, co-registered. The validation and
 * test labels were never released, so the split is by case under the seed.
 */
export default defineRecipe({
  id: 'brats-2021',
  catalogIds: ['brats-2021'],
  title: 'BraTS 2021 (task 1, segmentation)',
  layout: 'BraTS2021_00000/\n  BraTS2021_00000_flair.nii.gz, _t1.nii.gz, _t1ce.nii.gz, _t2.nii.gz, _seg.nii.gz\n…',
  references: ['https://www.synapse.org/brats2021', 'https://arxiv.org/abs/2107.02314'],
  formats: ['nifti'],
  info: BRATS_INFO,
  split: { rule: 'by case under the seed (one case per patient)' },
  access: {
    kind: 'manual',
    where:
      'https://www.synapse.org/brats2021 (Synapse account and data-use terms; also on Kaggle as dschettler8845/brats-2021-task1)',
    files: ['BraTS2021_Training_Data.tar'],
  },
  checksums: {},
  required: () => [],
  listSamples: (root) => bratsSamples(root),
  async writeFixture(dir) {
    for (let i = 0; i < 3; i++) {
      const id = `BraTS2021_${String(i).padStart(5, '0')}`;
      await writeBratsCase(join(dir, id), id, i);
    }
    return { samples: 3 };
  },
});
