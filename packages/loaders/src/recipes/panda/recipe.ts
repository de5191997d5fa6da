import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetLayoutError } from '../../download/errors.ts';
import { FIXTURE_TILES, FIXTURE_TILING, paintTissue } from '../camelyon16/slides.ts';
import { readCsv } from '../files.ts';
import { csv, writeSlideTiff, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

/**
 * PANDA (Bulten et al., Nature Medicine 2022): 10,616 prostate biopsy slides
 * `train_images/<image_id>.tiff` (three-level pyramidal TIFF), label masks
 * `train_label_masks/<image_id>_mask.tiff` (label in the red channel; Radboud: 0 background,
 * 1 stroma, 2 benign epithelium, 3–5 Gleason 3–5; Karolinska: 0 background, 1 benign, 2 cancer),
 * and `train.csv` (image_id, data_provider, isup_grade, gleason_score). Tiles carry the slide's
 * ISUP grade as label and the label-mask tile as mask. No patient ids: split by slide.
 */
export default defineRecipe({
  id: 'panda',
  catalogIds: ['panda'],
  title: 'PANDA (Prostate cANcer graDe Assessment)',
  layout: 'train.csv\ntrain_images/<image_id>.tiff\ntrain_label_masks/<image_id>_mask.tiff',
  references: [
    'https://www.kaggle.com/c/prostate-cancer-grade-assessment/data',
    'https://doi.org/10.1038/s41591-021-01620-2',
  ],
  formats: ['tiff', 'csv'],
  info: {
    classes: ['ISUP 0', 'ISUP 1', 'ISUP 2', 'ISUP 3', 'ISUP 4', 'ISUP 5'],
    labelMap: {
      0: 'background',
      1: 'stroma / benign (Karolinska)',
      2: 'benign epithelium / cancer (Karolinska)',
      3: 'Gleason 3',
      4: 'Gleason 4',
      5: 'Gleason 5',
    },
    task: 'classification',
    dimensionality: 'slide',
    channels: 'RGB tiles [size, size, 3]',
    maskEncoding: 'labels',
  },
  split: { rule: 'by slide under the seed (no patient ids released)' },
  access: {
    kind: 'manual',
    where:
      'https://www.kaggle.com/c/prostate-cancer-grade-assessment/data (Kaggle account; accept the competition rules; `kaggle competitions download -c prostate-cancer-grade-assessment`)',
    files: ['prostate-cancer-grade-assessment.zip (train.csv, train_images/, train_label_masks/)'],
  },
  checksums: {},
  required: () => ['train.csv', 'train_images'],
  async listSamples(root) {
    if (!existsSync(join(root, 'train.csv'))) throw new DatasetLayoutError('panda', root, 'missing train.csv');
    const out: SampleRef[] = [];
    for (const row of await readCsv(join(root, 'train.csv'))) {
      const id = row.image_id!;
      const path = join(root, 'train_images', `${id}.tiff`);
      if (!existsSync(path)) continue;
      const mask = join(root, 'train_label_masks', `${id}_mask.tiff`);
      const ref: SampleRef = {
        id,
        image: { kind: 'slide', path },
        label: Number(row.isup_grade),
        path,
        extra: { provider: row.data_provider ?? '', gleason: row.gleason_score ?? '' },
      };
      if (existsSync(mask)) ref.mask = { kind: 'slide', path: mask };
      out.push(ref);
    }
    return out;
  },
  async writeFixture(dir) {
    const rows: (string | number)[][] = [['image_id', 'data_provider', 'isup_grade', 'gleason_score']];
    const slides: [string, string, number, string][] = [
      ['0005f7aaab2800f6170c399693a96917', 'karolinska', 0, '0+0'],
      ['000920ad0b612851f8e01bcc880d9b3d', 'karolinska', 0, '0+0'],
      ['0018ae58b01bdadc8e347995b69f99aa', 'radboud', 4, '4+4'],
    ];
    for (const [id, provider, isup, gleason] of slides) {
      await writeSlideTiff(
        join(dir, 'train_images', `${id}.tiff`),
        96,
        64,
        paintTissue(isup ? [8, 8, 56, 40] : undefined),
        { tile: 32 },
      );
      const value = provider === 'radboud' ? 4 : 1;
      await writeSlideTiff(
        join(dir, 'train_label_masks', `${id}_mask.tiff`),
        96,
        64,
        (x, y) => [x < 56 && y < 40 ? value : 0, 0, 0],
        { tile: 32 },
      );
      rows.push([id, provider, isup, gleason]);
    }
    await writeText(join(dir, 'train.csv'), csv(rows));
    return { samples: slides.length, tilesPerSample: FIXTURE_TILES, tile: FIXTURE_TILING };
  },
});
