import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetLayoutError } from '../../download/errors.ts';
import { readCsv } from '../files.ts';
import { csv, writePatternImage, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const CLASSES = ['HP', 'SSA'];

/**
 * MHIST (Wei et al., AIME 2021): 3,152 224×224 colorectal polyp PNGs `images/MHIST_<xyz>.png` and
 * `annotations.csv` (Image Name, Majority Vote Label HP/SSA, Number of Annotators who Selected SSA
 * (Out of 7), Partition train/test). The Partition column is the official split.
 */
export default defineRecipe({
  id: 'mhist',
  catalogIds: ['mhist'],
  title: 'MHIST',
  layout: 'annotations.csv\nimages/MHIST_aaa.png …',
  references: ['https://bmirds.github.io/MHIST/', 'https://arxiv.org/abs/2101.12355'],
  formats: ['png', 'csv'],
  info: { classes: CLASSES, task: 'classification', dimensionality: '2d', channels: 'RGB [H, W, 3]' },
  split: { rule: 'official: the Partition column (train/test); val carved from train by image' },
  access: {
    kind: 'manual',
    where: 'https://bmirds.github.io/MHIST/ (fill in the request form; the download links come by e-mail)',
    files: ['images.zip', 'annotations.csv'],
  },
  checksums: {},
  required: () => ['annotations.csv', 'images'],
  async listSamples(root) {
    const table = join(root, 'annotations.csv');
    if (!existsSync(table)) throw new DatasetLayoutError('mhist', root, 'missing annotations.csv');
    return (await readCsv(table)).map((r): SampleRef => {
      const path = join(root, 'images', r['Image Name']!);
      return {
        id: r['Image Name']!.replace(/\.png$/i, ''),
        image: { kind: 'file', path },
        label: CLASSES.indexOf(r['Majority Vote Label']!),
        split: r.Partition === 'test' ? 'test' : 'train',
        path,
        extra: { ssaVotes: Number(r['Number of Annotators who Selected SSA (Out of 7)']) },
      };
    });
  },
  async writeFixture(dir) {
    const rows: (string | number)[][] = [
      ['Image Name', 'Majority Vote Label', 'Number of Annotators who Selected SSA (Out of 7)', 'Partition'],
    ];
    const names = ['MHIST_aaa', 'MHIST_aab', 'MHIST_aac', 'MHIST_aad', 'MHIST_aae'];
    for (const [i, name] of names.entries()) {
      await writePatternImage(join(dir, 'images', `${name}.png`), [16, 16], 3, 'png', i);
      rows.push([`${name}.png`, i % 2 ? 'SSA' : 'HP', i % 2 ? 5 : 1, i < 3 ? 'train' : 'test']);
    }
    await writeText(join(dir, 'annotations.csv'), csv(rows));
    return { samples: names.length, splits: { train: 3, test: 2 } };
  },
});
