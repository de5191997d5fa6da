import { availableParallelism } from 'node:os';
import sharp, { type OutputInfo } from 'sharp';
import { z } from 'zod';
import { asDecodeError, DecodeError } from './errors.ts';
import { decodeRgbJpeg, loadWasmJpeg } from './jpeg-wasm.ts';
import { parseOptions } from './options.ts';
import type { DecodedImage } from './pixels.ts';
import { type ByteSource, fileSource, type Ifd, readIfds } from './tiff-ifd.ts';
import { TileCache } from './tile-cache.ts';

export interface SlideLevel {
  width: number;
  height: number;
  /** Level-0 pixels per pixel of this level (OpenSlide's definition: mean of the x and y ratios). */
  downsample: number;
  tileWidth: number;
  tileHeight: number;
}

export interface SlideProperties {
  vendor: 'aperio' | 'generic-tiff';
  /** Objective power of level 0 (Aperio `AppMag`), when the file says. */
  objectivePower?: number;
  /** Microns per pixel at level 0 (Aperio `MPP`), when the file says. */
  mpp?: number;
  description: string;
}

const slideOptionsSchema = z
  .object({
    /** Decoded tiles kept for reuse by overlapping reads, in bytes (default 64 MiB). */
    tileCacheBytes: z
      .number()
      .int()
      .min(0)
      .default(64 * 2 ** 20),
    /** Objective power of level 0 for files that do not record it (generic TIFF). */
    objectivePower: z.number().positive().optional(),
  })
  .strict();

export type SlideOptions = z.input<typeof slideOptionsSchema>;

const regionOptionsSchema = z
  .object({
    /** Colour for the parts of a region outside the slide (default white, the colour of glass). */
    fill: z.tuple([z.number(), z.number(), z.number()]).default([255, 255, 255]),
  })
  .strict();

export type RegionOptions = z.input<typeof regionOptionsSchema>;

const DEFAULT_REGION = { fill: [255, 255, 255] as [number, number, number] };

/** Fill interleaved RGB with one colour: the first pixel set, then doubled with copyWithin. */
function fillRgb(out: Uint8Array, [r, g, b]: [number, number, number]): void {
  if (out.length < 3) return;
  out[0] = r;
  out[1] = g;
  out[2] = b;
  for (let filled = 3; filled < out.length; filled *= 2)
    out.copyWithin(filled, 0, Math.min(filled, out.length - filled));
}

// The largest level a thumbnail or tissue mask may decode whole: 4096² RGB is 48 MiB.
const MAX_WHOLE_LEVEL_PIXELS = 4096 * 4096;

/**
 * A whole-slide image in a tiled pyramidal TIFF (generic tiled TIFF, Aperio SVS). Regions are
 * assembled from the tiles they overlap, read and decoded one by one, so memory follows the region
 * asked for, never the slide: a 100,000 × 100,000 slide is never decoded whole.
 */
export class Slide {
  private readonly cache: TileCache;
  /** Tiles being decoded, so that overlapping reads share one decode. */
  private readonly decoding = new Map<string, Promise<Uint8Array>>();
  private constructor(
    readonly path: string,
    private readonly source: ByteSource,
    private readonly ifds: Ifd[],
    /** Per level, what a JPEG tile is missing to stand alone (see `jpegHead`); undefined for other codecs. */
    private readonly jpegHeads: (Uint8Array | undefined)[],
    readonly levels: SlideLevel[],
    readonly properties: SlideProperties,
    tileCacheBytes: number,
  ) {
    this.cache = new TileCache(tileCacheBytes);
  }

  static async open(path: string, options?: SlideOptions): Promise<Slide> {
    const opts = parseOptions(slideOptionsSchema, options, 'slide');
    let source: ByteSource;
    try {
      source = await fileSource(path);
    } catch (err) {
      throw asDecodeError(err, path, 'wsi');
    }
    try {
      const all = await readIfds(source, path);
      // Pyramid levels are the tiled pages; SVS thumbnails, labels and macro images are stripped.
      const tiled = all.filter((ifd) => ifd.tiled && (ifd.subfileType & 4) === 0).sort((a, b) => b.width - a.width);
      if (tiled.length === 0) throw new DecodeError(path, 'wsi', 'no tiled page: not a pyramidal whole-slide TIFF');
      const base = tiled[0]!;
      const levels = tiled.map((ifd) => ({
        width: ifd.width,
        height: ifd.height,
        downsample: (base.width / ifd.width + base.height / ifd.height) / 2,
        tileWidth: ifd.blockWidth,
        tileHeight: ifd.blockHeight,
      }));
      for (const ifd of tiled) {
        if (ifd.planarConfig !== 1 || ifd.bitsPerSample !== 8 || ![1, 3, 4].includes(ifd.samplesPerPixel)) {
          throw new DecodeError(
            path,
            'wsi',
            `level ${ifd.index}: ${ifd.samplesPerPixel}x${ifd.bitsPerSample}-bit samples are not a slide layout`,
          );
        }
      }
      const description = base.description;
      const aperio = description.startsWith('Aperio');
      const field = (name: string) => {
        const m = new RegExp(`\\b${name}\\s*=\\s*([0-9.]+)`).exec(description);
        return m ? Number(m[1]) : undefined;
      };
      const objectivePower = opts.objectivePower ?? field('AppMag');
      const mpp = field('MPP');
      const properties: SlideProperties = {
        vendor: aperio ? 'aperio' : 'generic-tiff',
        description,
        ...(objectivePower ? { objectivePower } : {}),
        ...(mpp ? { mpp } : {}),
      };
      const jpegHeads = tiled.map((ifd) =>
        ifd.compression === 7 ? jpegHead(ifd.jpegTables, ifd.photometric === 2) : undefined,
      );
      return new Slide(path, source, tiled, jpegHeads, levels, properties, opts.tileCacheBytes);
    } catch (err) {
      await source.close();
      throw asDecodeError(err, path, 'wsi');
    }
  }

  get levelCount(): number {
    return this.levels.length;
  }

  /** Close the file. */
  async close(): Promise<void> {
    this.cache.clear();
    await this.source.close();
  }

  /** The level whose downsample is the largest not above `downsample`. */
  bestLevelForDownsample(downsample: number): number {
    let best = 0;
    this.levels.forEach((l, k) => {
      if (l.downsample <= downsample * 1.001) best = k;
    });
    return best;
  }

  /**
   * RGB pixels of a `width × height` box at `level`, its top-left corner at (x, y) in that level's
   * own pixel coordinates (OpenSlide takes level-0 coordinates instead: multiply by the downsample).
   * Parts outside the slide take `fill`.
   */
  async readRegion(
    level: number,
    x: number,
    y: number,
    width: number,
    height: number,
    options?: RegionOptions,
  ): Promise<DecodedImage> {
    // The common call has no options: skip validating an empty object for every tile read.
    const { fill } = options === undefined ? DEFAULT_REGION : parseOptions(regionOptionsSchema, options, 'region');
    const info = this.levels[level];
    if (!info) throw new RangeError(`level ${level} asked, the slide has ${this.levels.length}`);
    for (const [name, v] of [
      ['x', x],
      ['y', y],
      ['width', width],
      ['height', height],
    ] as const) {
      if (!Number.isInteger(v)) throw new RangeError(`${name} must be an integer, got ${v}`);
    }
    if (width <= 0 || height <= 0 || width * height > 2 ** 28)
      throw new RangeError(`region ${width}x${height} is empty or too large`);
    const { tileWidth: tw, tileHeight: th } = info;
    const x0 = Math.max(0, x);
    const y0 = Math.max(0, y);
    const x1 = Math.min(info.width, x + width);
    const y1 = Math.min(info.height, y + height);
    // Only a region reaching outside the level needs the fill: tiles cover everything inside, so
    // the buffer is not even zeroed first.
    const out = new Uint8Array(Buffer.allocUnsafeSlow(width * height * 3).buffer, 0, width * height * 3);
    if (x0 !== x || y0 !== y || x1 !== x + width || y1 !== y + height) fillRgb(out, fill);
    // Copy the overlap of a tile and the region, row by row.
    const copy = (tile: Uint8Array, tx: number, ty: number) => {
      const left = Math.max(x0, tx * tw);
      const right = Math.min(x1, (tx + 1) * tw);
      const top = Math.max(y0, ty * th);
      const bottom = Math.min(y1, (ty + 1) * th);
      if (left === tx * tw && right - left === tw && width === tw) {
        // Whole tile rows into whole region rows: one contiguous block.
        const src = (top - ty * th) * tw * 3;
        out.set(tile.subarray(src, src + (bottom - top) * tw * 3), (top - y) * width * 3);
        return;
      }
      for (let row = top; row < bottom; row++) {
        const src = ((row - ty * th) * tw + (left - tx * tw)) * 3;
        out.set(tile.subarray(src, src + (right - left) * 3), ((row - y) * width + (left - x)) * 3);
      }
    };
    const jobs: Promise<void>[] = [];
    for (let ty = Math.floor(y0 / th); ty * th < y1; ty++) {
      for (let tx = Math.floor(x0 / tw); tx * tw < x1; tx++) {
        const key = `${level}/${tx}/${ty}`;
        const hit = this.cache.get(key);
        // A cached tile is copied at once: the cache may reuse its buffer once anything else runs.
        if (hit) copy(hit, tx, ty);
        else jobs.push(this.tile(key, level, tx, ty).then((tile) => copy(tile, tx, ty)));
      }
    }
    await Promise.all(jobs);
    return { data: out, width, height, channels: 3, dtype: 'uint8' };
  }

  /** The whole slide, downscaled to fit `maxSize` on its longer side, read from the smallest level that suffices. */
  async thumbnail(maxSize = 512): Promise<DecodedImage> {
    const base = this.levels[0]!;
    const scale = Math.min(1, maxSize / Math.max(base.width, base.height));
    const level = this.bestLevelForDownsample(1 / scale);
    const info = this.levels[level]!;
    if (info.width * info.height > MAX_WHOLE_LEVEL_PIXELS) {
      throw new DecodeError(
        this.path,
        'wsi',
        `no pyramid level small enough for a ${maxSize}px thumbnail (smallest is ${info.width}x${info.height})`,
      );
    }
    const region = await this.readRegion(level, 0, 0, info.width, info.height);
    const width = Math.max(1, Math.round(base.width * scale));
    const height = Math.max(1, Math.round(base.height * scale));
    if (width === info.width && height === info.height) return region;
    const data = await sharp(region.data, { raw: { width: info.width, height: info.height, channels: 3 } })
      .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
      .raw()
      .toBuffer();
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width,
      height,
      channels: 3,
      dtype: 'uint8',
    };
  }

  /**
   * Where the tissue is: Otsu's threshold over the thumbnail's HSV saturation (glass is grey,
   * stained tissue is coloured) or optical density (for faint or grey stains).
   */
  async tissueMask(options?: { maxSize?: number; method?: 'saturation' | 'od' }): Promise<TissueMask> {
    const thumb = await this.thumbnail(options?.maxSize ?? 1024);
    return tissueMaskOf(thumb, this.levels[0]!, options?.method ?? 'saturation');
  }

  /** A tile not in the cache: decoded (or joined to its decode in flight), then cached. */
  private tile(key: string, level: number, tx: number, ty: number): Promise<Uint8Array> {
    const inFlight = this.decoding.get(key);
    if (inFlight) return inFlight;
    const pending = this.decodeTile(level, tx, ty).then(
      (tile) => {
        this.decoding.delete(key);
        this.cache.put(key, tile);
        return tile;
      },
      (err: unknown) => {
        this.decoding.delete(key);
        throw err;
      },
    );
    this.decoding.set(key, pending);
    return pending;
  }

  private async decodeTile(level: number, tx: number, ty: number): Promise<Uint8Array> {
    tilesInFlight++;
    try {
      return await this.decodeTileAt(level, tx, ty);
    } finally {
      tilesInFlight--;
    }
  }

  private async decodeTileAt(level: number, tx: number, ty: number): Promise<Uint8Array> {
    const ifd = this.ifds[level]!;
    const across = Math.ceil(ifd.width / ifd.blockWidth);
    const index = ty * across + tx;
    const offset = ifd.offsets[index];
    const count = ifd.byteCounts[index];
    const { blockWidth: tw, blockHeight: th } = ifd;
    if (offset === undefined || count === undefined)
      throw new DecodeError(this.path, 'wsi', `tile ${index} of level ${level} is not listed`);
    if (offset + count > this.source.size)
      throw new DecodeError(this.path, 'wsi', `truncated: tile ${index} of level ${level} ends beyond the file`);
    try {
      let pixels: { data: Buffer; info: OutputInfo };
      if (count === 0) {
        // Sparse tiles (never written) are blank: white, like glass.
        return new Uint8Array(tw * th * 3).fill(255);
      }
      const head = this.jpegHeads[level];
      if (head) {
        const jpeg = await this.readJpeg(head, offset, count, index, level);
        // Alone, or with sharp busy on every core but this one, the tile decodes on this thread.
        if (tilesInFlight === 1 || sharpTileDecodes >= SHARP_LANES) {
          const rgb = decodeRgbJpeg(await loadWasmJpeg(), jpeg);
          if (rgb) return toTile(rgb.data, rgb.width, rgb.height, tw, th);
        }
        sharpTileDecodes++;
        try {
          pixels = await sharp(jpeg, { failOn: 'error' })
            .removeAlpha()
            .toColourspace('srgb')
            .raw()
            .toBuffer({ resolveWithObject: true });
        } finally {
          sharpTileDecodes--;
        }
      } else {
        // Other codecs (LZW, deflate, predictors, uncompressed) through libvips, which reads only this tile's box.
        pixels = await sharp(this.path, { page: ifd.index, limitInputPixels: false, failOn: 'error' })
          .extract({
            left: tx * tw,
            top: ty * th,
            width: Math.min(tw, ifd.width - tx * tw),
            height: Math.min(th, ifd.height - ty * th),
          })
          .removeAlpha()
          .toColourspace('srgb')
          .raw()
          .toBuffer({ resolveWithObject: true });
      }
      return toTile(pixels.data, pixels.info.width, pixels.info.height, tw, th);
    } catch (err) {
      throw asDecodeError(err, this.path, 'wsi');
    }
  }

  /**
   * A tile's JPEG, made self-contained in one buffer: `head`, then the tile without its own SOI.
   * The tile is read in place after the head's first bytes, its SOI landing on the head's last two,
   * which are then written back: no second copy of the tile.
   */
  private async readJpeg(head: Uint8Array, offset: number, count: number, index: number, level: number) {
    const at = head.length - 2;
    const jpeg = Buffer.allocUnsafe(at + count);
    jpeg.set(head.subarray(0, at));
    const got = await this.source.readInto(jpeg, at, offset, count, tilesInFlight === 1);
    if (got < count) throw new DecodeError(this.path, 'wsi', `truncated: tile ${index} of level ${level} is cut short`);
    if (jpeg[at] === 0xff && jpeg[at + 1] === 0xd8) {
      jpeg.set(head.subarray(at), at);
      return jpeg;
    }
    return Buffer.concat([head, jpeg.subarray(at)]);
  }
}

// Tile decodes in flight on this thread: a lone one reads its bytes synchronously (see ByteSource.readInto).
let tilesInFlight = 0;
// JPEG tiles sharp decodes at once on libuv threads: one per core but this thread's, which decodes
// the rest itself (WebAssembly) rather than queue them behind.
let sharpTileDecodes = 0;
const SHARP_LANES = Math.max(1, availableParallelism() - 1);

/** Open a whole-slide TIFF (`.tif`, `.tiff`, `.svs`). */
export function openSlide(path: string, options?: SlideOptions): Promise<Slide> {
  return Slide.open(path, options);
}

function toTile(data: Uint8Array, width: number, height: number, tw: number, th: number): Uint8Array {
  if (width === tw && height === th) return new Uint8Array(data.buffer, data.byteOffset, data.length);
  const out = new Uint8Array(tw * th * 3).fill(255);
  const w = Math.min(width, tw);
  for (let row = 0; row < Math.min(height, th); row++)
    out.set(data.subarray(row * width * 3, (row * width + w) * 3), row * tw * 3);
  return out;
}

// APP14 "Adobe" marker with transform 0: tells the JPEG decoder the components are RGB, not YCbCr
// (Aperio writes RGB JPEG tiles with photometric RGB and no such marker).
const ADOBE_RGB = Uint8Array.from([
  0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00,
]);

/**
 * What makes a tile's abbreviated JPEG stream self-contained, built once per level: TIFF keeps the
 * quantisation and Huffman tables once, in JPEGTables, and each tile starts right after them. SOI,
 * the Adobe marker for RGB tiles, then the tables without their SOI and EOI.
 */
function jpegHead(tables: Uint8Array | undefined, rgb: boolean): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.from([0xff, 0xd8])];
  if (rgb) parts.push(ADOBE_RGB);
  if (tables && tables.length > 4) parts.push(tables.subarray(2, tables.length - 2));
  return Buffer.concat(parts);
}

export interface TissueMask {
  /** 1 where there is tissue, 0 on glass; `width × height`, row-major. */
  mask: Uint8Array;
  width: number;
  height: number;
  /** Level-0 pixels per mask pixel, along x and y. */
  scaleX: number;
  scaleY: number;
  threshold: number;
  /** Fraction of the whole slide covered by tissue. */
  fraction: number;
  /** Fraction of a level-0 box covered by tissue (0 when the box misses the slide). */
  fractionIn(x: number, y: number, width: number, height: number): number;
}

/** Otsu's threshold of a 256-bin histogram: the cut that maximises the between-class variance. */
export function otsuThreshold(histogram: ArrayLike<number>): number {
  let total = 0;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) {
    total += histogram[v]!;
    sumAll += v * histogram[v]!;
  }
  let weightBelow = 0;
  let sumBelow = 0;
  let best = 0;
  let bestVariance = -1;
  for (let t = 0; t < 256; t++) {
    weightBelow += histogram[t]!;
    if (weightBelow === 0) continue;
    const weightAbove = total - weightBelow;
    if (weightAbove === 0) break;
    sumBelow += t * histogram[t]!;
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = t;
    }
  }
  return best;
}

export function tissueMaskOf(
  thumb: DecodedImage,
  base: { width: number; height: number },
  method: 'saturation' | 'od',
): TissueMask {
  const { width, height, data } = thumb;
  const n = width * height;
  const values = new Uint8Array(n);
  const maxOd = Math.log(256);
  for (let p = 0; p < n; p++) {
    const r = data[p * 3]!;
    const g = data[p * 3 + 1]!;
    const b = data[p * 3 + 2]!;
    if (method === 'saturation') {
      const max = Math.max(r, g, b);
      values[p] = max === 0 ? 0 : Math.round((255 * (max - Math.min(r, g, b))) / max);
    } else {
      const od = (-Math.log((r + 1) / 256) - Math.log((g + 1) / 256) - Math.log((b + 1) / 256)) / 3;
      values[p] = Math.round((255 * od) / maxOd);
    }
  }
  const histogram = new Float64Array(256);
  for (let p = 0; p < n; p++) histogram[values[p]!]!++;
  const threshold = otsuThreshold(histogram);
  const mask = new Uint8Array(n);
  let count = 0;
  for (let p = 0; p < n; p++) {
    if (values[p]! > threshold) {
      mask[p] = 1;
      count++;
    }
  }
  // A slide that is all glass (or all tissue) has one class only: Otsu's cut is then meaningless.
  const spread = values.reduce((m, v) => Math.max(m, v), 0) - values.reduce((m, v) => Math.min(m, v), 255);
  if (spread < 16) {
    mask.fill(0);
    count = 0;
  }
  const scaleX = base.width / width;
  const scaleY = base.height / height;
  // Summed-area table: the tissue fraction of any box costs four lookups.
  const integral = new Uint32Array((width + 1) * (height + 1));
  for (let row = 0; row < height; row++) {
    let run = 0;
    for (let col = 0; col < width; col++) {
      run += mask[row * width + col]!;
      integral[(row + 1) * (width + 1) + col + 1] = integral[row * (width + 1) + col + 1]! + run;
    }
  }
  const fractionIn = (x: number, y: number, w: number, h: number) => {
    const c0 = Math.max(0, Math.min(width, Math.floor(x / scaleX)));
    const r0 = Math.max(0, Math.min(height, Math.floor(y / scaleY)));
    const c1 = Math.max(0, Math.min(width, Math.ceil((x + w) / scaleX)));
    const r1 = Math.max(0, Math.min(height, Math.ceil((y + h) / scaleY)));
    const area = (c1 - c0) * (r1 - r0);
    if (area <= 0) return 0;
    const at = (r: number, c: number) => integral[r * (width + 1) + c]!;
    return (at(r1, c1) - at(r0, c1) - at(r1, c0) + at(r0, c0)) / area;
  };
  return { mask, width, height, scaleX, scaleY, threshold, fraction: count / n, fractionIn };
}
