import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetLayoutError } from '../../download/errors.ts';
import type { SplitName } from '../../splits.ts';
import { readCsv } from '../files.ts';
import { csv, pattern, writeImage, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const ZENODO = 'https://zenodo.org/records/1327317/files';

/**
 * HC18 (van den Heuvel et al., PLoS ONE 2018): fetal head ultrasound, `training_set/<nnn>_HC.png`
 * (999) with the head outline drawn as an ellipse in `<nnn>_HC_Annotation.png` (filled here into
 * a mask), `training_set_pixel_size_and_HC.csv` (filename, pixel size(mm), head circumference
 * (mm)), and `test_set/` (335) with `test_set_pixel_size.csv`. Names like `<nnn>_2HC.png` are
 * further scans of the same subject `<nnn>`, so the split groups by that number. The Zenodo record holds
 * four files: the two zips (each unpacking to its folder; 999 and 335 images) and the two CSVs, whose
 * headers are `filename,pixel size(mm),head circumference (mm)` and `filename,pixel size(mm)`.
 */
export default defineRecipe({
  id: 'hc18',
  catalogIds: ['hc18'],
  title: 'HC18 (fetal head circumference)',
  layout:
    'training_set/000_HC.png, 000_HC_Annotation.png, 010_2HC.png, …\ntraining_set_pixel_size_and_HC.csv\ntest_set/000_HC.png, …\ntest_set_pixel_size.csv',
  references: [
    'https://hc18.grand-challenge.org/',
    'https://zenodo.org/records/1327317',
    'https://doi.org/10.1371/journal.pone.0200412',
  ],
  formats: ['png', 'csv'],
  info: {
    classes: ['background', 'head'],
    labelMap: { 0: 'background', 1: 'head' },
    task: 'segmentation',
    dimensionality: '2d',
    channels: 'gray [H, W, 1]',
    maskEncoding: 'binary',
  },
  split: { rule: 'official training/test sets; val carved from training by subject number' },
  access: {
    kind: 'direct',
    page: 'https://zenodo.org/records/1327317',
    files: [
      { url: `${ZENODO}/training_set.zip?download=1`, file: 'training_set.zip', extract: true },
      { url: `${ZENODO}/test_set.zip?download=1`, file: 'test_set.zip', extract: true },
      {
        url: `${ZENODO}/training_set_pixel_size_and_HC.csv?download=1`,
        file: 'training_set_pixel_size_and_HC.csv',
        extract: false,
      },
      { url: `${ZENODO}/test_set_pixel_size.csv?download=1`, file: 'test_set_pixel_size.csv', extract: false },
    ],
  },
  // SHA-256 of the Zenodo files as a public download script records them after checking Zenodo's MD5s
  // (00eb8198…, 8402af5d…, c0761518…, 8476dc19…) and sizes; Zenodo itself publishes MD5 only.
  checksums: {
    'training_set.zip': 'fd20d7909df892cfbdc0850de18072dbdad4dc3bc0a57202d4cc818d4715de36',
    'test_set.zip': '6356d1171e5805dabb83af72c13eb2b32fc3d6c0c2015c58eb9ee083521e9bdd',
    'training_set_pixel_size_and_HC.csv': '1c08fa81c374c5f9509f3aa6a6568e4dc6cc5434ff82d0df731db7e4f25816b3',
    'test_set_pixel_size.csv': '215970c7334fcb3794c88d39cbe33fe334f4323cbce8cddeeda04aa5c0faf227',
  },
  required: () => ['training_set', 'training_set_pixel_size_and_HC.csv'],
  async listSamples(root) {
    const out: SampleRef[] = [];
    const sets: [SplitName, string, string][] = [
      ['train', 'training_set', 'training_set_pixel_size_and_HC.csv'],
      ['test', 'test_set', 'test_set_pixel_size.csv'],
    ];
    for (const [split, folder, table] of sets) {
      if (!existsSync(join(root, table))) {
        if (split === 'train') throw new DatasetLayoutError('hc18', root, `missing ${table}`);
        continue;
      }
      for (const row of await readCsv(join(root, table))) {
        const file = row.filename!;
        const path = join(root, folder, file);
        const id = `${folder}/${file.replace(/\.png$/i, '')}`;
        const size = Number(row['pixel size(mm)']);
        const ref: SampleRef = {
          id,
          image: { kind: 'file', path },
          split,
          group: `${folder}/${file.slice(0, 3)}`,
          path,
          spacing: [size, size],
        };
        const hc = row['head circumference (mm)'];
        ref.extra = hc ? { pixelSize: size, headCircumference: Number(hc) } : { pixelSize: size };
        const annotation = path.replace(/\.png$/i, '_Annotation.png');
        if (existsSync(annotation)) ref.mask = { kind: 'file', path: annotation, fill: true };
        out.push(ref);
      }
    }
    return out;
  },
  async writeFixture(dir) {
    const train: (string | number)[][] = [['filename', 'pixel size(mm)', 'head circumference (mm)']];
    const names = ['000_HC.png', '001_HC.png', '001_2HC.png', '002_HC.png'];
    for (const [i, name] of names.entries()) {
      await writeImage(join(dir, 'training_set', name), pattern(24, 20, 1, i), 24, 20, 1, 'png');
      await writeImage(
        join(dir, 'training_set', name.replace('.png', '_Annotation.png')),
        ellipse(24, 20),
        24,
        20,
        1,
        'png',
      );
      train.push([name, 0.1 + i / 100, 44.3 + i]);
    }
    await writeText(join(dir, 'training_set_pixel_size_and_HC.csv'), csv(train));
    const test: (string | number)[][] = [['filename', 'pixel size(mm)']];
    for (const [i, name] of ['000_HC.png', '001_HC.png'].entries()) {
      await writeImage(join(dir, 'test_set', name), pattern(24, 20, 1, 10 + i), 24, 20, 1, 'png');
      test.push([name, 0.12]);
    }
    await writeText(join(dir, 'test_set_pixel_size.csv'), csv(test));
    return { samples: 6, splits: { train: 4, test: 2 } };
  },
});

/** An ellipse outline, one pixel wide, as HC18's annotations are drawn. */
function ellipse(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height);
  for (let t = 0; t < 720; t++) {
    const a = (t * Math.PI) / 360;
    const x = Math.round(width / 2 + (width / 3) * Math.cos(a));
    const y = Math.round(height / 2 + (height / 3) * Math.sin(a));
    data[y * width + x] = 255;
  }
  return data;
}
