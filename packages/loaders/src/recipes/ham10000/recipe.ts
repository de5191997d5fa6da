import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetLayoutError } from '../../download/errors.ts';
import { filesMatching, readCsv, stem } from '../files.ts';
import { csv, writeMask, writePatternImage, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

export const HAM_CLASSES = ['akiec', 'bcc', 'bkl', 'df', 'mel', 'nv', 'vasc'];

/**
 * HAM10000 (Tschandl et al., Scientific Data 2018): 10,015 dermatoscopic JPEGs
 * `ISIC_<7 digits>.jpg` split over two archives, and `HAM10000_metadata.csv` (lesion_id,
 * image_id, dx, dx_type, age, sex, localization). Several images show the same lesion, so the
 * split is by `lesion_id`. The later lesion masks (`HAM10000_segmentations_lesion_tschandl/
 * <image_id>_segmentation.png`) are used when present.
 */
export default defineRecipe({
  id: 'ham10000',
  catalogIds: ['ham10000'],
  title: 'HAM10000',
  layout:
    'HAM10000_metadata.csv\nHAM10000_images_part_1/ISIC_0024306.jpg …\nHAM10000_images_part_2/ISIC_0029306.jpg …\n(optional) HAM10000_segmentations_lesion_tschandl/ISIC_0024306_segmentation.png',
  references: ['https://doi.org/10.7910/DVN/DBW86T', 'https://doi.org/10.1038/sdata.2018.161'],
  formats: ['jpeg', 'csv'],
  info: {
    classes: HAM_CLASSES,
    task: 'classification',
    dimensionality: '2d',
    channels: 'RGB [H, W, 3]',
    labelMap: { 0: 'background', 1: 'lesion' },
    maskEncoding: 'binary',
  },
  split: { rule: 'by lesion_id under the seed (images of one lesion stay together)' },
  access: {
    kind: 'manual',
    where: 'https://doi.org/10.7910/DVN/DBW86T (Harvard Dataverse; accept the terms and download)',
    files: [
      'HAM10000_images_part_1.zip',
      'HAM10000_images_part_2.zip',
      'HAM10000_metadata.csv (or .tab)',
      '(optional) HAM10000_segmentations_lesion_tschandl.zip',
    ],
  },
  checksums: {},
  required: () => ['HAM10000_metadata.csv'],
  async listSamples(root) {
    const meta = join(root, 'HAM10000_metadata.csv');
    if (!existsSync(meta)) throw new DatasetLayoutError('ham10000', root, 'missing HAM10000_metadata.csv');
    const images = new Map((await filesMatching(root, /^ISIC_\d+\.jpe?g$/i)).map((p) => [stem(p), p]));
    const masks = new Map(
      (await filesMatching(root, /_segmentation\.png$/i)).map((p) => [stem(p).replace(/_segmentation$/, ''), p]),
    );
    const out: SampleRef[] = [];
    for (const row of await readCsv(meta)) {
      const path = images.get(row.image_id ?? '');
      if (!path) continue;
      const ref: SampleRef = {
        id: row.image_id!,
        image: { kind: 'file', path },
        label: HAM_CLASSES.indexOf(row.dx ?? ''),
        group: row.lesion_id,
        path,
        extra: { dx_type: row.dx_type ?? '', localization: row.localization ?? '' },
      };
      const mask = masks.get(row.image_id!);
      if (mask) ref.mask = { kind: 'file', path: mask };
      out.push(ref);
    }
    return out;
  },
  async writeFixture(dir) {
    const rows: (string | number)[][] = [['lesion_id', 'image_id', 'dx', 'dx_type', 'age', 'sex', 'localization']];
    // Eight images of five lesions: lesions 0 and 1 have two and three images.
    const lesions = [0, 0, 1, 1, 1, 2, 3, 4];
    for (const [i, lesion] of lesions.entries()) {
      const id = `ISIC_00${24306 + i}`;
      const part = i < 4 ? 'HAM10000_images_part_1' : 'HAM10000_images_part_2';
      await writePatternImage(join(dir, part, `${id}.jpg`), [20, 15], 3, 'jpeg', i);
      await writeMask(
        join(dir, 'HAM10000_segmentations_lesion_tschandl', `${id}_segmentation.png`),
        [20, 15],
        'png',
        i,
      );
      rows.push([
        `HAM_000${lesion}`,
        id,
        HAM_CLASSES[lesion % HAM_CLASSES.length]!,
        'histo',
        50 + i,
        i % 2 ? 'male' : 'female',
        'back',
      ]);
    }
    await writeText(join(dir, 'HAM10000_metadata.csv'), csv(rows));
    return { samples: lesions.length };
  },
});
