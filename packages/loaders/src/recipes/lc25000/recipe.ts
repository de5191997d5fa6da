import { join } from 'node:path';
import { filesMatching, locate, rel } from '../files.ts';
import { writePatternImage } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const CLASSES = ['colon_aca', 'colon_n', 'lung_aca', 'lung_n', 'lung_scc'];
const PREFIX: Record<string, string> = {
  colon_aca: 'colonca',
  colon_n: 'colonn',
  lung_aca: 'lungaca',
  lung_n: 'lungn',
  lung_scc: 'lungscc',
};

/**
 * LC25000 (Borkowski et al., arXiv:1912.12142): 25,000 768×768 JPEGs, 5,000 per class, in
 * `lung_colon_image_set/{colon_image_sets,lung_image_sets}/<class>/<prefix><n>.jpeg`. The images
 * are augmentations of 750 lung and 500 colon originals and the release does not say which come
 * from which, so an image-level split leaks augmented copies; use it knowing that.
 */
export default defineRecipe({
  id: 'lc25000',
  catalogIds: ['lc25000'],
  title: 'LC25000',
  layout:
    'lung_colon_image_set/\n  colon_image_sets/{colon_aca,colon_n}/colonca1.jpeg …\n  lung_image_sets/{lung_aca,lung_n,lung_scc}/lungaca1.jpeg …',
  references: ['https://github.com/tampapath/lung_colon_image_set', 'https://arxiv.org/abs/1912.12142'],
  formats: ['jpeg'],
  info: { classes: CLASSES, task: 'classification', dimensionality: '2d', channels: 'RGB [H, W, 3]' },
  split: { rule: 'by image under the seed (the release has no source-image ids: augmented copies may leak)' },
  access: {
    kind: 'manual',
    where:
      'https://github.com/tampapath/lung_colon_image_set (Google Drive link in the README, or the Kaggle mirror andrewmvd/lung-and-colon-cancer-histopathological-images)',
    files: ['LC25000.zip (unpacks to lung_colon_image_set/)'],
  },
  checksums: {},
  required: () => [],
  async listSamples(root) {
    const base = locate(root, 'lung_image_sets', ['lung_colon_image_set']);
    const out: SampleRef[] = [];
    for (const [label, cls] of CLASSES.entries()) {
      const dir = join(base, cls.startsWith('colon') ? 'colon_image_sets' : 'lung_image_sets', cls);
      for (const path of await filesMatching(dir, /\.jpe?g$/i))
        out.push({ id: rel(base, path).replace(/\.jpe?g$/i, ''), image: { kind: 'file', path }, label, path });
    }
    return out;
  },
  async writeFixture(dir) {
    let n = 0;
    for (const cls of CLASSES)
      for (let i = 1; i <= 2; i++) {
        const sets = cls.startsWith('colon') ? 'colon_image_sets' : 'lung_image_sets';
        await writePatternImage(
          join(dir, 'lung_colon_image_set', sets, cls, `${PREFIX[cls]}${i}.jpeg`),
          [16, 16],
          3,
          'jpeg',
          n++,
        );
      }
    return { samples: n };
  },
});
