import { join } from 'node:path';
import { filesMatching, locate, rel } from '../files.ts';
import { writePatternImage } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const CLASSES = ['Normal', 'Abnormal'];
const SIZES = ['160', '120', '80'];

/**
 * GasHisSDB (Hu et al., Computers in Biology and Medicine 2022): 245,196 gastric H&E crops at
 * three sizes, `GasHisSDB/<160|120|80>/<Normal|Abnormal>/<name>.png`; each size is a config.
 * No patient ids: split by image.
 */
export default defineRecipe({
  id: 'gashissdb',
  catalogIds: ['gashissdb'],
  title: 'GasHisSDB',
  configs: SIZES,
  layout: 'GasHisSDB/{160,120,80}/{Abnormal,Normal}/<name>.png',
  references: ['https://doi.org/10.6084/m9.figshare.15066147', 'https://doi.org/10.1016/j.compbiomed.2022.105207'],
  formats: ['png'],
  info: { classes: CLASSES, task: 'classification', dimensionality: '2d', channels: 'RGB [H, W, 3]' },
  split: { rule: 'by image under the seed (no patient ids)' },
  access: {
    kind: 'manual',
    where: 'https://doi.org/10.6084/m9.figshare.15066147 (figshare)',
    files: ['GasHisSDB.7z (unpack with 7-Zip)'],
  },
  checksums: {},
  required: (config) => [config ?? '160'],
  async listSamples(root, config = '160') {
    const base = join(locate(root, config, ['GasHisSDB']), config);
    const out: SampleRef[] = [];
    for (const [label, cls] of CLASSES.entries())
      for (const path of await filesMatching(join(base, cls), /\.png$/i))
        out.push({ id: rel(base, path).replace(/\.png$/i, ''), image: { kind: 'file', path }, label, path });
    return out;
  },
  async writeFixture(dir, config = '160') {
    const side = Math.max(8, Number(config) / 10);
    let n = 0;
    for (const cls of CLASSES)
      for (let i = 0; i < 2; i++)
        await writePatternImage(join(dir, 'GasHisSDB', config, cls, `${cls}-${i}.png`), [side, side], 3, 'png', n++);
    return { samples: n };
  },
});
