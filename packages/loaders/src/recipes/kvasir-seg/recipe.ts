import { join } from 'node:path';
import { filesMatching, locate, stem } from '../files.ts';
import { writeMask, writePatternImage, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const WRAPPER = 'Kvasir-SEG';

/**
 * Kvasir-SEG (Jha et al., MMM 2020): 1000 polyp images `images/<id>.jpg` with masks of the same
 * name in `masks/` (JPEG, so edges are thresholded at 128) and bounding boxes in
 * `kavsir_bboxes.json`. No patient ids or official split: split by image.
 */
export default defineRecipe({
  id: 'kvasir-seg',
  catalogIds: ['kvasir-seg'],
  title: 'Kvasir-SEG',
  layout: `${WRAPPER}/\n  images/<id>.jpg\n  masks/<id>.jpg\n  kavsir_bboxes.json`,
  references: ['https://datasets.simula.no/kvasir-seg/', 'https://doi.org/10.1007/978-3-030-37734-2_37'],
  formats: ['jpeg', 'json'],
  info: {
    classes: ['background', 'polyp'],
    labelMap: { 0: 'background', 1: 'polyp' },
    task: 'segmentation',
    dimensionality: '2d',
    channels: 'RGB [H, W, 3]',
    maskEncoding: 'threshold',
  },
  split: { rule: 'no official split or patient ids: by image under the seed' },
  access: {
    kind: 'direct',
    page: 'https://datasets.simula.no/kvasir-seg/',
    files: [{ url: 'https://datasets.simula.no/downloads/kvasir-seg.zip', file: 'kvasir-seg.zip', extract: true }],
  },
  checksums: {},
  required: () => ['images', 'masks'],
  async listSamples(root) {
    const base = locate(root, 'images', [WRAPPER]);
    const out: SampleRef[] = [];
    for (const path of await filesMatching(join(base, 'images'), /\.jpe?g$/i)) {
      const id = stem(path);
      out.push({
        id,
        image: { kind: 'file', path },
        mask: { kind: 'file', path: join(base, 'masks', `${id}.jpg`) },
        path,
      });
    }
    return out;
  },
  async writeFixture(dir) {
    const ids = [
      'cju0qkwl35piu0993l0dewei2',
      'cju0qoxqj9q6s0835b43399p4',
      'cju0s690hkp960855tjuaqvv0',
      'cju0sr5ghl0nd08789uzf1raf',
    ];
    const boxes: Record<string, unknown> = {};
    for (const [i, id] of ids.entries()) {
      await writePatternImage(join(dir, WRAPPER, 'images', `${id}.jpg`), [24, 20], 3, 'jpeg', i);
      await writeMask(join(dir, WRAPPER, 'masks', `${id}.jpg`), [24, 20], 'jpeg', i);
      boxes[id] = { height: 20, width: 24, bbox: [{ label: 'polyp', xmin: 4, ymin: 4, xmax: 16, ymax: 14 }] };
    }
    await writeText(join(dir, WRAPPER, 'kavsir_bboxes.json'), JSON.stringify(boxes));
    return { samples: ids.length };
  },
});
