import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SplitName } from '../../splits.ts';
import { filesMatching, rel } from '../files.ts';
import { writePatternImage } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const CLASSES = ['ADI', 'BACK', 'DEB', 'LYM', 'MUC', 'MUS', 'NORM', 'STR', 'TUM'];
const ZENODO = 'https://zenodo.org/records/1214456/files';

/**
 * NCT-CRC-HE-100K (Kather et al., PLoS Medicine 2019): 100,000 224×224 H&E tiles (TIFF) from 86
 * slides in `NCT-CRC-HE-100K/<class>/<class>-<id>.tif`, nine tissue classes; CRC-VAL-HE-7K (7,180
 * tiles from 50 other patients) is the official test set. Slide ids are not in the file names, so
 * validation is carved from the training tiles by tile.
 */
export default defineRecipe({
  id: 'nct-crc-he-100k',
  catalogIds: ['nct-crc-he-100k'],
  title: 'NCT-CRC-HE-100K (+ CRC-VAL-HE-7K)',
  layout:
    'NCT-CRC-HE-100K/<class>/<class>-<ID>.tif\nCRC-VAL-HE-7K/<class>/<class>-<ID>.tif\n(classes: ADI, BACK, DEB, LYM, MUC, MUS, NORM, STR, TUM)',
  references: ['https://zenodo.org/records/1214456', 'https://doi.org/10.1371/journal.pmed.1002730'],
  formats: ['tiff'],
  info: { classes: CLASSES, task: 'classification', dimensionality: '2d', channels: 'RGB [H, W, 3]' },
  split: { rule: 'official: NCT-CRC-HE-100K train, CRC-VAL-HE-7K test (other patients); val carved from train' },
  access: {
    kind: 'direct',
    page: 'https://zenodo.org/records/1214456',
    files: [
      { url: `${ZENODO}/NCT-CRC-HE-100K.zip?download=1`, file: 'NCT-CRC-HE-100K.zip', extract: true },
      { url: `${ZENODO}/CRC-VAL-HE-7K.zip?download=1`, file: 'CRC-VAL-HE-7K.zip', extract: true },
    ],
  },
  checksums: {},
  required: () => ['NCT-CRC-HE-100K'],
  async listSamples(root) {
    const out: SampleRef[] = [];
    for (const [split, folder] of [
      ['train', 'NCT-CRC-HE-100K'],
      ['test', 'CRC-VAL-HE-7K'],
    ] as [SplitName, string][]) {
      for (const [label, cls] of CLASSES.entries()) {
        const dir = join(root, folder, cls);
        if (!existsSync(dir)) continue;
        for (const path of await filesMatching(dir, /\.tiff?$/i))
          out.push({ id: rel(root, path).replace(/\.tiff?$/i, ''), image: { kind: 'file', path }, label, split, path });
      }
    }
    return out;
  },
  async writeFixture(dir) {
    let n = 0;
    for (const cls of CLASSES)
      await writePatternImage(join(dir, 'NCT-CRC-HE-100K', cls, `${cls}-AAA${n}FIX.tif`), [14, 14], 3, 'tiff', n++);
    for (const cls of ['TUM', 'STR'])
      await writePatternImage(join(dir, 'CRC-VAL-HE-7K', cls, `${cls}-VAL${n}.tif`), [14, 14], 3, 'tiff', n++);
    return { samples: n, splits: { train: 9, test: 2 } };
  },
});
