import sharp from 'sharp';
import { z } from 'zod';
import { parseOptions } from './options.ts';
import { allocate, type DecodedImage } from './pixels.ts';
import type { Slide, TissueMask } from './wsi.ts';

const pair = z.union([
  z.number().int().positive(),
  z.tuple([z.number().int().positive(), z.number().int().positive()]),
]);
const pairOrZero = z.union([z.number().int().min(0), z.tuple([z.number().int().min(0), z.number().int().min(0)])]);

const tileSpecSchema = z
  .object({
    /** Tile size, `n` or `[height, width]`. */
    size: pair,
    /** Step between tiles (default: the tile size). Give either stride or overlap. */
    stride: pair.optional(),
    /** Pixels shared by neighbouring tiles: stride = size - overlap. */
    overlap: pairOrZero.optional(),
    /**
     * The ragged edge when the image is not a whole number of strides:
     * 'drop' skips it; 'keep' returns smaller edge tiles; 'pad' returns full tiles reaching past the
     * image, padded; 'shift' moves the last tile back inside (no padding, some extra overlap).
     */
    edge: z.enum(['drop', 'keep', 'pad', 'shift']).default('pad'),
    /** How tiles reaching past the image are filled: a constant, mirrored (reflect) or repeated edge pixels. */
    padMode: z.enum(['constant', 'reflect', 'edge']).default('constant'),
    padValue: z.number().default(0),
  })
  .strict()
  .refine((s) => !(s.stride && s.overlap !== undefined), { message: 'give stride or overlap, not both' });

export type TileSpec = z.input<typeof tileSpecSchema>;

export interface TileCoord {
  /** Top-left corner (may be past the image for edge: 'pad'). */
  x: number;
  y: number;
  width: number;
  height: number;
  row: number;
  col: number;
}

const asPair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

function resolve(spec: TileSpec) {
  const s = parseOptions(tileSpecSchema, spec, 'tile');
  const [th, tw] = asPair(s.size);
  let [sh, sw] = s.stride ? asPair(s.stride) : [th, tw];
  if (s.overlap !== undefined) {
    const [oh, ow] = asPair(s.overlap);
    [sh, sw] = [th - oh, tw - ow];
    if (sh <= 0 || sw <= 0) throw new RangeError('overlap must be smaller than the tile size');
  }
  return { ...s, th, tw, sh, sw };
}

/** Starts along one axis of length `n` for windows of `size` every `stride`. */
function starts(n: number, size: number, stride: number, edge: 'drop' | 'keep' | 'pad' | 'shift'): number[] {
  const out: number[] = [];
  for (let p = 0; p + size <= n; p += stride) out.push(p);
  const last = out.length ? out[out.length - 1]! : -stride;
  const covered = out.length ? last + size : 0;
  if (covered < n) {
    if (edge === 'keep' || edge === 'pad') out.push(last + stride);
    else if (edge === 'shift') out.push(Math.max(0, n - size));
  }
  return [...new Set(out)];
}

/** The tiles of a sliding window over a `height × width` image, row by row. */
export function tileGrid(height: number, width: number, spec: TileSpec): TileCoord[] {
  const { th, tw, sh, sw, edge } = resolve(spec);
  const rows = starts(height, th, sh, edge);
  const cols = starts(width, tw, sw, edge);
  const out: TileCoord[] = [];
  rows.forEach((y, row) => {
    cols.forEach((x, col) => {
      const w = edge === 'keep' ? Math.min(tw, width - x) : tw;
      const h = edge === 'keep' ? Math.min(th, height - y) : th;
      out.push({
        x,
        y,
        width: Math.min(w, edge === 'shift' ? width : w),
        height: Math.min(h, edge === 'shift' ? height : h),
        row,
        col,
      });
    });
  });
  return out;
}

/** Index of `p` in an axis of length `n` after padding by `mode`, or -1 for a constant pad. */
function padIndex(p: number, n: number, mode: 'constant' | 'reflect' | 'edge'): number {
  if (p >= 0 && p < n) return p;
  if (mode === 'constant') return -1;
  if (mode === 'edge') return p < 0 ? 0 : n - 1;
  if (n === 1) return 0;
  // Reflect without repeating the edge pixel (numpy's 'reflect'): period 2n - 2.
  const period = 2 * n - 2;
  const m = ((p % period) + period) % period;
  return m < n ? m : period - m;
}

/** Cut one tile out of an image, padding the parts past the image. */
export function extractTile(
  image: DecodedImage,
  tile: Pick<TileCoord, 'x' | 'y' | 'width' | 'height'>,
  options: { padMode?: 'constant' | 'reflect' | 'edge'; padValue?: number } = {},
): DecodedImage {
  const { padMode = 'constant', padValue = 0 } = options;
  const { channels: c, width: W, height: H, data } = image;
  const out = allocate(image.dtype, tile.width * tile.height * c);
  for (let row = 0; row < tile.height; row++) {
    const sy = padIndex(tile.y + row, H, padMode);
    const inside = sy >= 0 && tile.x >= 0 && tile.x + tile.width <= W;
    if (inside) {
      const from = (sy * W + tile.x) * c;
      out.set(data.subarray(from, from + tile.width * c) as never, row * tile.width * c);
      continue;
    }
    for (let col = 0; col < tile.width; col++) {
      const sx = padIndex(tile.x + col, W, padMode);
      const d = (row * tile.width + col) * c;
      if (sx < 0 || sy < 0) for (let k = 0; k < c; k++) out[d + k] = padValue;
      else for (let k = 0; k < c; k++) out[d + k] = data[(sy * W + sx) * c + k]!;
    }
  }
  return { data: out, width: tile.width, height: tile.height, channels: c, dtype: image.dtype };
}

/** Every tile of an image with its coordinates. */
export function* tiles(image: DecodedImage, spec: TileSpec): Generator<{ coord: TileCoord; tile: DecodedImage }> {
  const { padMode, padValue } = resolve(spec);
  for (const coord of tileGrid(image.height, image.width, spec)) {
    yield { coord, tile: extractTile(image, coord, { padMode, padValue }) };
  }
}

const slideTilingSchema = z
  .object({
    size: z.number().int().positive().default(256),
    stride: z.number().int().positive().optional(),
    /** Pyramid level to tile (default 0). */
    level: z.number().int().min(0).optional(),
    /** Or a magnification (e.g. 20 for 20×): needs the slide's objective power. */
    magnification: z.number().positive().optional(),
    /** Skip tiles whose tissue fraction is below this (0 keeps all). */
    minTissue: z.number().min(0).max(1).default(0.5),
    /** Tissue mask to use; computed from the thumbnail when absent. */
    mask: z.custom<TissueMask>().optional(),
    /** Keep ragged edge tiles (padded with white by readRegion) instead of dropping them. */
    keepEdge: z.boolean().default(false),
  })
  .strict()
  .refine((s) => s.level === undefined || s.magnification === undefined, {
    message: 'give level or magnification, not both',
  });

export type SlideTiling = z.input<typeof slideTilingSchema>;

export interface SlideTile {
  /** Level read and the tile's box in that level's pixels (before any rescale to `size`). */
  level: number;
  x: number;
  y: number;
  /** Top-left corner in level-0 pixels. */
  x0: number;
  y0: number;
  tissue: number;
}

/**
 * Plan the tiles of a slide at a level or magnification, keeping those with enough tissue. A
 * magnification between two levels reads the finer level with a larger box, to be resized to
 * `size` (see `readSlideTiles`).
 */
export async function planSlideTiles(
  slide: Slide,
  spec: SlideTiling,
): Promise<{ tiles: SlideTile[]; readSize: number; size: number }> {
  const s = parseOptions(slideTilingSchema, spec, 'slide tiling');
  let level = s.level ?? 0;
  let factor = 1; // level pixels per output pixel
  if (s.magnification !== undefined) {
    const power = slide.properties.objectivePower;
    if (!power)
      throw new RangeError(
        'the slide does not record its objective power: pass objectivePower to openSlide, or tile by level',
      );
    const downsample = power / s.magnification;
    level = slide.bestLevelForDownsample(downsample);
    factor = downsample / slide.levels[level]!.downsample;
  }
  const info = slide.levels[level];
  if (!info) throw new RangeError(`level ${level} asked, the slide has ${slide.levelCount}`);
  const readSize = Math.round(s.size * factor);
  const stride = Math.round((s.stride ?? s.size) * factor);
  const mask = s.minTissue > 0 ? (s.mask ?? (await slide.tissueMask())) : undefined;
  const out: SlideTile[] = [];
  const grid = tileGrid(info.height, info.width, { size: readSize, stride, edge: s.keepEdge ? 'keep' : 'drop' });
  for (const { x, y } of grid) {
    const x0 = Math.round(x * info.downsample);
    const y0 = Math.round(y * info.downsample);
    const side = readSize * info.downsample;
    const tissue = mask ? mask.fractionIn(x0, y0, side, side) : 1;
    if (tissue >= s.minTissue) out.push({ level, x, y, x0, y0, tissue });
  }
  return { tiles: out, readSize, size: s.size };
}

/** Read planned slide tiles one at a time (memory: one tile), resized to `size` when the magnification sits between levels. */
export async function* readSlideTiles(
  slide: Slide,
  plan: { tiles: SlideTile[]; readSize: number; size: number },
): AsyncGenerator<SlideTile & { image: DecodedImage }> {
  for (const tile of plan.tiles) {
    let image = await slide.readRegion(tile.level, tile.x, tile.y, plan.readSize, plan.readSize);
    if (plan.readSize !== plan.size) {
      const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
        .resize(plan.size, plan.size, { kernel: 'lanczos3' })
        .raw()
        .toBuffer();
      image = {
        data: new Uint8Array(data.buffer, data.byteOffset, data.length),
        width: plan.size,
        height: plan.size,
        channels: 3,
        dtype: 'uint8',
      };
    }
    yield { ...tile, image };
  }
}
