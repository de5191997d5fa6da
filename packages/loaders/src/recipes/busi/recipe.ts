import { join } from 'node:path';
import { filesMatching, locate, rel } from '../files.ts';
import { discMask, writeImage, writePatternImage } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const CLASSES = ['normal', 'benign', 'malignant'];
const WRAPPER = 'Dataset_BUSI_with_GT';

/**
 * BUSI (Al-Dhabyani et al., Data in Brief 2020): 780 breast ultrasound PNGs in one folder per
 * class; each image `<class> (<n>).png` has a mask `<class> (<n>)_mask.png`, and images with
 * several lesions have further masks `_mask_1.png`, `_mask_2.png`, merged here into one mask.
 * There are no patient ids in the release, so the split is by image under the seed.
 */
export default defineRecipe({
  id: 'busi',
  catalogIds: ['busi'],
  title: 'BUSI (Breast Ultrasound Images)',
  layout: `${WRAPPER}/\n  benign/benign (1).png, benign (1)_mask.png, benign (4)_mask_1.png, …\n  malignant/malignant (1).png, malignant (1)_mask.png, …\n  normal/normal (1).png, normal (1)_mask.png, …`,
  references: [
    'https://doi.org/10.1016/j.dib.2019.104863',
    'https://scholar.cu.edu.eg/?q=afahmy/pages/dataset',
    'https://www.kaggle.com/datasets/aryashah2k/breast-ultrasound-images-dataset',
  ],
  formats: ['png'],
  info: {
    classes: CLASSES,
    labelMap: { 0: 'background', 1: 'lesion' },
    task: 'segmentation',
    dimensionality: '2d',
    channels: 'gray stored as RGB PNG [H, W, 3] (use channels: 1 for one channel)',
    maskEncoding: 'binary',
  },
  split: { rule: 'no official split and no patient ids: by image under the seed' },
  access: {
    kind: 'manual',
    where:
      'https://scholar.cu.edu.eg/?q=afahmy/pages/dataset (or the Kaggle mirror aryashah2k/breast-ultrasound-images-dataset)',
    files: ['Dataset_BUSI.zip (unpacks to Dataset_BUSI_with_GT/)'],
  },
  checksums: {},
  required: () => ['benign', 'malignant', 'normal'],
  async listSamples(root) {
    const base = locate(root, 'benign', [WRAPPER]);
    const out: SampleRef[] = [];
    for (const [label, cls] of CLASSES.entries()) {
      const files = await filesMatching(join(base, cls), /\.png$/i);
      const masks = files.filter((f) => /_mask(_\d+)?\.png$/i.test(f));
      for (const path of files.filter((f) => !masks.includes(f))) {
        const prefix = path.replace(/\.png$/i, '_mask');
        const own = masks.filter((m) => m === `${prefix}.png` || /^_\d+\.png$/i.test(m.slice(prefix.length)));
        const id = rel(base, path).replace(/\.png$/i, '');
        const ref: SampleRef = { id, image: { kind: 'file', path }, label, path };
        if (own.length) ref.mask = own.map((m) => ({ kind: 'file' as const, path: m }));
        out.push(ref);
      }
    }
    return out;
  },
  async writeFixture(dir) {
    const base = join(dir, WRAPPER);
    let seed = 0;
    for (const cls of CLASSES) {
      for (let n = 1; n <= 3; n++) {
        const name = `${cls} (${n})`;
        await writePatternImage(join(base, cls, `${name}.png`), [20, 16], 3, 'png', seed++);
        // Normal images come with empty masks, as in the release.
        const mask = cls === 'normal' ? Buffer.alloc(20 * 16) : discMask(20, 16, seed);
        await writeImage(join(base, cls, `${name}_mask.png`), mask, 20, 16, 1, 'png');
        if (cls === 'benign' && n === 2)
          await writeImage(join(base, cls, `${name}_mask_1.png`), discMask(20, 16, seed + 99), 20, 16, 1, 'png');
      }
    }
    return { samples: 9 };
  },
});
