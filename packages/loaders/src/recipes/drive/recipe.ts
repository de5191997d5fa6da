import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SplitName } from '../../splits.ts';
import { filesMatching, locate } from '../files.ts';
import { writeImage, writeMask, writePatternImage } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

/**
 * DRIVE (Staal et al., IEEE TMI 2004): 40 retinal photographs, 20 training and 20 test, as
 * `<split>/images/<nn>_<split>.tif` with vessel annotations `<split>/1st_manual/<nn>_manual1.gif`
 * and field-of-view masks `<split>/mask/<nn>_<split>_mask.gif`. Releases without the test
 * annotations (the grand-challenge copy) give test images without masks.
 */
export default defineRecipe({
  id: 'drive',
  catalogIds: ['drive'],
  title: 'DRIVE',
  layout:
    'DRIVE/\n  training/images/21_training.tif … 40_training.tif\n  training/1st_manual/21_manual1.gif\n  training/mask/21_training_mask.gif\n  test/images/01_test.tif … 20_test.tif\n  test/1st_manual/01_manual1.gif (older releases)\n  test/mask/01_test_mask.gif',
  references: ['https://drive.grand-challenge.org/', 'https://doi.org/10.1109/TMI.2004.825627'],
  formats: ['tiff', 'gif'],
  info: {
    classes: ['background', 'vessel'],
    labelMap: { 0: 'background', 1: 'vessel' },
    task: 'segmentation',
    dimensionality: '2d',
    channels: 'RGB [H, W, 3]',
    maskEncoding: 'binary',
  },
  split: { rule: 'official: training (21–40) / test (01–20)' },
  access: {
    kind: 'manual',
    where: 'https://drive.grand-challenge.org/ (register, then download from the Download page)',
    files: ['training.zip', 'test.zip (or DRIVE.zip with both)'],
  },
  checksums: {},
  required: () => ['training'],
  async listSamples(root) {
    const base = locate(root, 'training', ['DRIVE']);
    const out: SampleRef[] = [];
    for (const [split, folder] of [
      ['train', 'training'],
      ['test', 'test'],
    ] as [SplitName, string][]) {
      if (!existsSync(join(base, folder, 'images'))) continue;
      for (const path of await filesMatching(join(base, folder, 'images'), /\.tiff?$/i)) {
        const nn = /^(\d+)_/.exec(path.split('/').pop()!)?.[1];
        if (!nn) continue;
        const manual = join(base, folder, '1st_manual', `${nn}_manual1.gif`);
        const ref: SampleRef = { id: `${nn}_${folder}`, image: { kind: 'file', path }, split, path };
        if (existsSync(manual)) ref.mask = { kind: 'file', path: manual };
        out.push(ref);
      }
    }
    return out;
  },
  async writeFixture(dir) {
    const base = join(dir, 'DRIVE');
    const cases: [string, number][] = [
      ['training', 21],
      ['training', 22],
      ['training', 23],
      ['test', 1],
      ['test', 2],
    ];
    for (const [folder, n] of cases) {
      const nn = String(n).padStart(2, '0');
      await writePatternImage(join(base, folder, 'images', `${nn}_${folder}.tif`), [20, 18], 3, 'tiff', n);
      await writeMask(join(base, folder, '1st_manual', `${nn}_manual1.gif`), [20, 18], 'gif', n);
      await writeImage(
        join(base, folder, 'mask', `${nn}_${folder}_mask.gif`),
        Buffer.alloc(20 * 18, 255),
        20,
        18,
        1,
        'gif',
      );
    }
    return { samples: cases.length, splits: { train: 3, test: 2 } };
  },
});
