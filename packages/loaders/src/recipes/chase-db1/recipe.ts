import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { filesMatching, locate, stem } from '../files.ts';
import { writeMask, writePatternImage } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

/**
 * CHASE_DB1 (Fraz et al., IEEE TBME 2012): 28 retinal images of both eyes of 14 children,
 * `Image_<nn><L|R>.jpg`, with two observers' vessel maps `Image_<nn><L|R>_1stHO.png` and
 * `_2ndHO.png`. The first observer is the mask; both eyes of a child share the split.
 */
export default defineRecipe({
  id: 'chase-db1',
  catalogIds: ['chase-db1'],
  title: 'CHASE_DB1',
  layout: 'Image_01L.jpg, Image_01L_1stHO.png, Image_01L_2ndHO.png, Image_01R.jpg, … Image_14R_2ndHO.png',
  references: [
    'https://researchinnovation.kingston.ac.uk/en/datasets/chasedb1-retinal-vessel-reference-dataset-4/',
    'https://doi.org/10.1109/TBME.2012.2205687',
  ],
  formats: ['jpeg', 'png'],
  info: {
    classes: ['background', 'vessel'],
    labelMap: { 0: 'background', 1: 'vessel' },
    task: 'segmentation',
    dimensionality: '2d',
    channels: 'RGB [H, W, 3]',
    maskEncoding: 'binary',
  },
  split: { rule: 'by child (both eyes together) under the seed' },
  access: {
    kind: 'manual',
    where:
      'https://researchinnovation.kingston.ac.uk/en/datasets/chasedb1-retinal-vessel-reference-dataset-4/ (Kingston University; older links point to staffnet.kingston.ac.uk/~ku15565/CHASE_DB1/assets/CHASEDB1.zip)',
    files: ['CHASEDB1.zip (the images and both observers’ maps, flat, at the archive root)'],
  },
  checksums: {},
  required: () => [],
  async listSamples(root) {
    const base = locate(root, 'Image_01L.jpg', ['CHASEDB1', 'CHASE_DB1']);
    const out: SampleRef[] = [];
    for (const path of await filesMatching(base, /^Image_\d+[LR]\.jpe?g$/i)) {
      const id = stem(path);
      const child = /^Image_(\d+)/.exec(id)![1]!;
      const mask = join(path, '..', `${id}_1stHO.png`);
      const ref: SampleRef = { id, image: { kind: 'file', path }, patientId: child, path };
      if (existsSync(mask)) ref.mask = { kind: 'file', path: mask };
      out.push(ref);
    }
    return out;
  },
  async writeFixture(dir) {
    let n = 0;
    for (const child of ['01', '02', '03'])
      for (const eye of ['L', 'R']) {
        const id = `Image_${child}${eye}`;
        await writePatternImage(join(dir, `${id}.jpg`), [20, 16], 3, 'jpeg', n);
        await writeMask(join(dir, `${id}_1stHO.png`), [20, 16], 'png', n);
        await writeMask(join(dir, `${id}_2ndHO.png`), [20, 16], 'png', n + 50);
        n++;
      }
    return { samples: n };
  },
});
