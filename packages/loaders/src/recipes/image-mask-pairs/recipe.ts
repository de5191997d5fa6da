import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { filesMatching, rel, stem } from '../files.ts';
import { writeMask, writePatternImage } from '../fixture-kit.ts';
import { defineRecipe, type Recipe, type SampleRef } from '../recipe.ts';

export interface ImageMaskPairsOptions {
  id?: string;
  title?: string;
  /** Folder of images, relative to the root. */
  images?: string;
  /** Folder of masks, relative to the root. */
  masks?: string;
  /** Mask file name for an image stem; `{stem}` is replaced (default `{stem}.png`). */
  maskName?: string;
  /** Pick image files by name. */
  pattern?: RegExp;
  classes?: string[];
  patientOf?: (stem: string) => string | undefined;
  /** Images without a mask: skip them (default) or fail. */
  missingMask?: 'skip' | 'error';
}

/** Images and masks in two folders, paired by file name. */
export function imageMaskPairs(options: ImageMaskPairsOptions = {}): Recipe {
  const images = options.images ?? 'images';
  const masks = options.masks ?? 'masks';
  const maskName = options.maskName ?? '{stem}.png';
  const pattern = options.pattern ?? /\.(png|jpe?g|tiff?|bmp|gif)$/i;
  const id = options.id ?? 'image-mask-pairs';
  return defineRecipe({
    id,
    catalogIds: [],
    title: options.title ?? 'Image/mask pairs by file name',
    layout: `<root>/${images}/<stem>.<ext>\n<root>/${masks}/${maskName}`,
    references: [],
    formats: ['png', 'jpeg', 'tiff', 'bmp', 'gif'],
    info: {
      classes: options.classes ?? ['background', 'foreground'],
      task: 'segmentation',
      dimensionality: '2d',
      channels: 'as stored',
      maskEncoding: 'binary',
    },
    split: { rule: 'by image (or patientOf) under the seed' },
    access: { kind: 'manual', where: 'your own folder', files: [`${images}/`, `${masks}/`] },
    checksums: {},
    required: () => [images, masks],
    async listSamples(root) {
      const out: SampleRef[] = [];
      for (const path of await filesMatching(join(root, images), pattern)) {
        const s = stem(path);
        const mask = join(root, masks, maskName.replace('{stem}', s));
        if (!existsSync(mask)) {
          if (options.missingMask === 'error')
            throw new Error(`${id}: no mask ${rel(root, mask)} for ${rel(root, path)}`);
          continue;
        }
        const ref: SampleRef = { id: s, image: { kind: 'file', path }, mask: { kind: 'file', path: mask }, path };
        const patient = options.patientOf?.(s);
        if (patient) ref.patientId = patient;
        out.push(ref);
      }
      return out;
    },
    async writeFixture(dir) {
      for (let i = 0; i < 4; i++) {
        await writePatternImage(join(dir, images, `case${i}.png`), [16, 12], 3, 'png', i);
        await writeMask(join(dir, masks, maskName.replace('{stem}', `case${i}`)), [16, 12], 'png', i);
      }
      return { samples: 4 };
    },
  });
}

export default imageMaskPairs();
