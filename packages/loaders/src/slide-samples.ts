/**
 * Whole-slide samples: a slide listed by a recipe becomes a stream of tiles (planned by the
 * engine's tissue-aware slide tiling), each with its mask (ASAP polygons rasterized over the tile,
 * or the same box of a label-mask slide) and a tile label.
 */

import sharp from 'sharp';
import { z } from 'zod';
import { coverage, rasterizePolygons, readAsapPolygons } from './asap.ts';
import { parseOptions } from './options.ts';
import type { DecodedImage } from './pixels.ts';
import type { Polygon, SampleRef, Source } from './recipes/recipe.ts';
import type { DecodeContext } from './sample-decode.ts';
import { planSlideTiles } from './tiling.ts';

export const slideTileSchema = z
  .object({
    /** Tile side in output pixels. */
    size: z.number().int().positive().default(256),
    level: z.number().int().min(0).optional(),
    magnification: z.number().positive().optional(),
    stride: z.number().int().positive().optional(),
    /** Keep tiles with at least this tissue fraction (Otsu on saturation; 0 keeps all). */
    minTissue: z.number().min(0).max(1).default(0.5),
    /** A tile is labelled positive when at least this fraction of it is annotated (CAMELYON). */
    positiveFraction: z.number().min(0).max(1).default(0.5),
  })
  .strict();

export type SlideTileOptions = z.input<typeof slideTileSchema>;

export interface SlideTileSample {
  image: DecodedImage;
  mask?: DecodedImage;
  label?: number;
  origin: [number, number];
  tissue: number;
}

/** The tiles of one slide sample, one at a time (memory: one tile). */
export async function* slideSamples(
  ref: SampleRef,
  ctx: DecodeContext,
  options: SlideTileOptions | undefined,
  task: string,
): AsyncGenerator<SlideTileSample> {
  const spec = parseOptions(slideTileSchema, options, 'slide tile');
  const image = (Array.isArray(ref.image) ? ref.image[0] : ref.image) as Source;
  if (image.kind !== 'slide') throw new TypeError(`${ref.id}: not a slide sample`);
  const slide = await ctx.slide(image.path);
  const { positiveFraction, ...tiling } = spec;
  const plan = await planSlideTiles(
    slide,
    tiling.level === undefined && tiling.magnification === undefined ? { ...tiling, level: 0 } : tiling,
  );
  const maskSource = (Array.isArray(ref.mask) ? ref.mask[0] : ref.mask) as Source | undefined;
  const polygons: Polygon[] | undefined =
    maskSource?.kind === 'asap' ? await readAsapPolygons(maskSource.path, { exclude: maskSource.exclude }) : undefined;
  const labelSlide = maskSource?.kind === 'slide' ? await ctx.slide(maskSource.path) : undefined;
  for (const tile of plan.tiles) {
    const ds = slide.levels[tile.level]!.downsample;
    const box = { x: tile.x0, y: tile.y0, width: plan.readSize * ds, height: plan.readSize * ds };
    const img = await resized(
      await slide.readRegion(tile.level, tile.x, tile.y, plan.readSize, plan.readSize),
      plan.size,
    );
    let mask: DecodedImage | undefined;
    let fraction = 0;
    if (polygons) {
      const data = rasterizePolygons(polygons, { ...box, downsample: box.width / plan.size });
      mask = { data, width: plan.size, height: plan.size, channels: 1, dtype: 'uint8' };
      fraction = coverage(polygons, box);
    } else if (labelSlide) {
      const level = Math.min(tile.level, labelSlide.levels.length - 1);
      const region = await labelSlide.readRegion(level, tile.x, tile.y, plan.readSize, plan.readSize, {
        fill: [0, 0, 0],
      });
      mask = await resized(firstChannel(region), plan.size, true);
    } else if (task === 'segmentation') {
      // Slides without annotations (CAMELYON's normal slides) are all background.
      mask = {
        data: new Uint8Array(plan.size * plan.size),
        width: plan.size,
        height: plan.size,
        channels: 1,
        dtype: 'uint8',
      };
    }
    const label =
      typeof ref.label === 'number'
        ? ref.label
        : polygons || task === 'segmentation'
          ? fraction >= positiveFraction
            ? 1
            : 0
          : undefined;
    const sample: SlideTileSample = { image: img, origin: [tile.y0, tile.x0], tissue: tile.tissue };
    if (mask) sample.mask = mask;
    if (label !== undefined) sample.label = label;
    yield sample;
  }
}

function firstChannel(image: DecodedImage): DecodedImage {
  if (image.channels === 1) return image;
  const n = image.width * image.height;
  const data = new Uint8Array(n);
  for (let p = 0; p < n; p++) data[p] = image.data[p * image.channels]!;
  return { data, width: image.width, height: image.height, channels: 1, dtype: 'uint8' };
}

async function resized(image: DecodedImage, size: number, nearest = false): Promise<DecodedImage> {
  if (image.width === size && image.height === size) return image;
  const data = await sharp(image.data as Uint8Array, {
    raw: { width: image.width, height: image.height, channels: image.channels as 1 | 3 },
  })
    .resize(size, size, { fit: 'fill', kernel: nearest ? 'nearest' : 'lanczos3' })
    .raw()
    .toBuffer();
  return { ...image, data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: size, height: size };
}
