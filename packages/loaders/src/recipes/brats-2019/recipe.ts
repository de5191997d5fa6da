import { join } from 'node:path';
import { BRATS_INFO, bratsSamples, writeBratsCase } from '../brats-2021/brats.ts';
import { csv, writeText } from '../fixture-kit.ts';
import { defineRecipe } from '../recipe.ts';

const WRAPPER = 'MICCAI_BraTS_2019_Data_Training';

/**
 * BraTS 2019 (Bakas et al., arXiv:1811.02629): 335 training cases in
 * `MICCAI_BraTS_2019_Data_Training/{HGG,LGG}/<case>/<case>_{flair,t1,t1ce,t2,seg}.nii.gz`, with
 * `name_mapping.csv` and `survival_data.csv`. Besides the mask, each case carries its grade as a
 * label (0 LGG, 1 HGG). Split by case under the seed.
 */
export default defineRecipe({
  id: 'brats-2019',
  catalogIds: ['brats-2019'],
  title: 'BraTS 2019',
  layout: `${WRAPPER}/\n  HGG/BraTS19_2013_10_1/BraTS19_2013_10_1_{flair,t1,t1ce,t2,seg}.nii.gz\n  LGG/BraTS19_2013_0_1/…\n  name_mapping.csv, survival_data.csv`,
  references: ['https://www.med.upenn.edu/cbica/brats2019/data.html', 'https://arxiv.org/abs/1811.02629'],
  formats: ['nifti'],
  info: { ...BRATS_INFO, classes: BRATS_INFO.classes },
  split: { rule: 'by case under the seed' },
  access: {
    kind: 'manual',
    where: 'https://www.med.upenn.edu/cbica/brats2019/registration.html (CBICA IPP registration and data request)',
    files: ['MICCAI_BraTS_2019_Data_Training.zip'],
  },
  checksums: {},
  required: () => [],
  listSamples: (root) =>
    bratsSamples(root, (dir) => (dir.includes('/HGG/') ? 1 : dir.includes('/LGG/') ? 0 : undefined)),
  async writeFixture(dir) {
    const base = join(dir, WRAPPER);
    const cases: [string, string][] = [
      ['HGG', 'BraTS19_2013_10_1'],
      ['HGG', 'BraTS19_CBICA_AAB_1'],
      ['LGG', 'BraTS19_2013_0_1'],
    ];
    for (const [i, [grade, id]] of cases.entries()) await writeBratsCase(join(base, grade, id), id, i);
    await writeText(join(base, 'name_mapping.csv'), csv([['Grade', 'BraTS_2019_subject_ID'], ...cases]));
    return { samples: cases.length };
  },
});
