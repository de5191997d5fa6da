import { basename, dirname, join } from 'node:path';
import { filesMatching } from '../files.ts';
import { sphere, writeNifti } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

/**
 * LiTS (Bilic et al., Medical Image Analysis 2023): 131 training CTs `volume-<n>.nii` with
 * `segmentation-<n>.nii` (0 background, 1 liver, 2 tumour) in `Training Batch 1/` (0–27) and
 * `Training Batch 2/` (28–130), and 70 test CTs `test-volume-<n>.nii`. Files are found anywhere
 * under the root, since mirrors regroup the batches.
 */
export default defineRecipe({
  id: 'lits',
  catalogIds: ['lits'],
  title: 'LiTS (Liver Tumor Segmentation)',
  layout:
    'Training Batch 1/volume-0.nii, segmentation-0.nii, … volume-27.nii\nTraining Batch 2/volume-28.nii, segmentation-28.nii, … volume-130.nii\n(test) test-volume-0.nii … test-volume-69.nii',
  references: ['https://competitions.codalab.org/competitions/17094', 'https://doi.org/10.1016/j.media.2022.102680'],
  formats: ['nifti'],
  info: {
    classes: ['background', 'liver', 'tumor'],
    labelMap: { 0: 'background', 1: 'liver', 2: 'tumor' },
    task: 'segmentation',
    dimensionality: '3d',
    channels: 'CT (HU) [D, H, W, 1]',
    maskEncoding: 'labels',
  },
  split: { rule: 'official: training volumes / test volumes; val carved from training by volume (one per patient)' },
  access: {
    kind: 'manual',
    where: 'https://competitions.codalab.org/competitions/17094 (register for the LiTS challenge; Participate → Files)',
    files: ['Training_Batch1.zip', 'Training_Batch2.zip', '(optional) Test-Data.zip'],
  },
  checksums: {},
  required: () => [],
  async listSamples(root) {
    const out: SampleRef[] = [];
    for (const path of await filesMatching(root, /^(test-)?volume-\d+\.nii(\.gz)?$/)) {
      const name = basename(path);
      const n = /(\d+)\.nii/.exec(name)![1]!;
      if (name.startsWith('test-')) {
        out.push({
          id: `test-volume-${n}`,
          image: { kind: 'file', path },
          patientId: `test-${n}`,
          split: 'test',
          path,
        });
        continue;
      }
      const seg = (await filesMatching(dirname(path), new RegExp(`^segmentation-${n}\\.nii(\\.gz)?$`)))[0];
      const ref: SampleRef = {
        id: `volume-${n}`,
        image: { kind: 'file', path },
        patientId: `train-${n}`,
        split: 'train',
        path,
      };
      if (seg) ref.mask = { kind: 'file', path: seg };
      out.push(ref);
    }
    return out;
  },
  async writeFixture(dir) {
    for (const [folder, n] of [
      ['Training Batch 1', 0],
      ['Training Batch 1', 1],
      ['Training Batch 2', 28],
    ] as [string, number][]) {
      const seg = sphere([8, 8, 5], n, 2);
      await writeNifti(
        join(dir, folder, `volume-${n}.nii`),
        [8, 8, 5],
        'int16',
        (x, y, z) => 60 * seg(x, y, z) + y,
        [0.7, 0.7, 2.5],
      );
      await writeNifti(join(dir, folder, `segmentation-${n}.nii`), [8, 8, 5], 'uint8', seg, [0.7, 0.7, 2.5]);
    }
    await writeNifti(join(dir, 'Test', 'test-volume-0.nii'), [8, 8, 5], 'int16', (x) => x, [0.7, 0.7, 2.5]);
    return { samples: 4, splits: { train: 3, test: 1 } };
  },
});
