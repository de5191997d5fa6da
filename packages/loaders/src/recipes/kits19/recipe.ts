import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { locate, subdirs } from '../files.ts';
import { sphere, writeNifti, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

/**
 * KiTS19 (Heller et al., Medical Image Analysis 2021): `data/case_<nnnnn>/imaging.nii.gz` for 300
 * cases and `segmentation.nii.gz` (0 background, 1 kidney, 2 tumour) for the 210 training cases
 * (00000–00209); `kits.json` holds clinical data. Cases with a segmentation are the official
 * training set, the rest the test set.
 */
export default defineRecipe({
  id: 'kits19',
  catalogIds: ['kits19'],
  title: 'KiTS19',
  layout: 'data/\n  kits.json\n  case_00000/imaging.nii.gz, segmentation.nii.gz\n  …\n  case_00299/imaging.nii.gz',
  references: [
    'https://github.com/neheller/kits19',
    'https://kits19.grand-challenge.org/',
    'https://doi.org/10.1016/j.media.2020.101821',
  ],
  formats: ['nifti', 'json'],
  info: {
    classes: ['background', 'kidney', 'tumor'],
    labelMap: { 0: 'background', 1: 'kidney', 2: 'tumor' },
    task: 'segmentation',
    dimensionality: '3d',
    channels: 'CT (HU) [D, H, W, 1]',
    maskEncoding: 'labels',
  },
  split: { rule: 'official: cases with a segmentation are training, the rest test; val carved by case' },
  access: {
    kind: 'manual',
    where:
      'https://github.com/neheller/kits19 (clone it, then run `python3 -m starter_code.get_imaging`; the volumes come from the KiTS bucket)',
    files: [
      'data/case_*/imaging.nii.gz',
      'data/case_*/segmentation.nii.gz (in the repository, via git-lfs)',
      'data/kits.json',
    ],
  },
  checksums: {},
  required: () => ['data'],
  async listSamples(root) {
    const base = locate(root, 'case_00000', ['data', 'kits19/data']);
    const out: SampleRef[] = [];
    for (const name of (await subdirs(base)).filter((d) => /^case_\d{5}$/.test(d))) {
      const path = join(base, name, 'imaging.nii.gz');
      if (!existsSync(path)) continue;
      const seg = join(base, name, 'segmentation.nii.gz');
      const ref: SampleRef = {
        id: name,
        image: { kind: 'file', path },
        patientId: name,
        split: existsSync(seg) ? 'train' : 'test',
        path,
      };
      if (existsSync(seg)) ref.mask = { kind: 'file', path: seg };
      out.push(ref);
    }
    return out;
  },
  async writeFixture(dir) {
    const base = join(dir, 'data');
    for (let i = 0; i < 4; i++) {
      const name = `case_${String(i < 3 ? i : 210).padStart(5, '0')}`;
      const seg = sphere([8, 8, 6], i, 2);
      await writeNifti(
        join(base, name, 'imaging.nii.gz'),
        [8, 8, 6],
        'int16',
        (x, y, z) => 40 * seg(x, y, z) - 100 + x,
        [3, 0.8, 0.8],
      );
      if (i < 3) await writeNifti(join(base, name, 'segmentation.nii.gz'), [8, 8, 6], 'uint8', seg, [3, 0.8, 0.8]);
    }
    await writeText(join(base, 'kits.json'), '[]');
    return { samples: 4, splits: { train: 3, test: 1 } };
  },
});
