import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { filesMatching, stem } from '../files.ts';
import { discMask, pattern, writePpm } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const PAGE = 'https://cecas.clemson.edu/~ahoover/stare/probing/index.html';
const BASE = 'https://cecas.clemson.edu/~ahoover/stare/probing';

/**
 * STARE vessel segmentation (Hoover et al., IEEE TMI 2000): `stare-images.tar` holds the 20
 * hand-labelled images `im<nnnn>.ppm.gz`; `labels-ah.tar` and `labels-vk.tar` hold the two
 * observers' vessel maps `im<nnnn>.ah.ppm.gz` / `.vk.ppm.gz`. Adam Hoover's (ah) labels are the
 * mask. Gzipped binary PPM is read by a small reader here (sharp's libvips has no PPM loader).
 */
export default defineRecipe({
  id: 'stare',
  catalogIds: ['stare'],
  title: 'STARE (vessel segmentation)',
  layout:
    'im0001.ppm.gz … im0324.ppm.gz (from stare-images.tar)\nim0001.ah.ppm.gz … (labels-ah.tar)\nim0001.vk.ppm.gz … (labels-vk.tar)',
  references: [PAGE, 'https://doi.org/10.1109/42.845178'],
  formats: ['ppm'],
  info: {
    classes: ['background', 'vessel'],
    labelMap: { 0: 'background', 1: 'vessel' },
    task: 'segmentation',
    dimensionality: '2d',
    channels: 'RGB [H, W, 3]',
    maskEncoding: 'binary',
  },
  split: { rule: 'by image under the seed (no patient ids)' },
  access: {
    kind: 'direct',
    page: PAGE,
    files: ['stare-images.tar', 'labels-ah.tar', 'labels-vk.tar'].map((file) => ({
      url: `${BASE}/${file}`,
      file,
      extract: true,
    })),
  },
  checksums: {},
  required: () => [],
  async listSamples(root) {
    const out: SampleRef[] = [];
    for (const path of await filesMatching(root, /^im\d{4}\.ppm(\.gz)?$/i)) {
      const id = stem(path);
      const label = [`${id}.ah.ppm.gz`, `${id}.ah.ppm`].map((n) => join(path, '..', n)).find(existsSync);
      // Only the 20 labelled images are samples of the vessel task.
      if (label) out.push({ id, image: { kind: 'file', path }, mask: { kind: 'file', path: label }, path });
    }
    return out;
  },
  async writeFixture(dir) {
    const ids = ['im0001', 'im0002', 'im0003', 'im0004'];
    for (const [i, id] of ids.entries()) {
      await writePpm(join(dir, `${id}.ppm.gz`), pattern(21, 17, 3, i), 21, 17, 3, true);
      await writePpm(join(dir, `${id}.ah.ppm.gz`), discMask(21, 17, i), 21, 17, 1, true);
      await writePpm(join(dir, `${id}.vk.ppm.gz`), discMask(21, 17, i + 9), 21, 17, 1, true);
    }
    // An unlabelled image of the full set: not a sample.
    await writePpm(join(dir, 'im0005.ppm.gz'), pattern(21, 17, 3, 9), 21, 17, 3, true);
    return { samples: ids.length };
  },
});
