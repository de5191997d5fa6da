import { readFile } from 'node:fs/promises';
import { fromArrayBuffer } from 'geotiff';
import { z } from 'zod';
import { asDecodeError, DecodeError } from './errors.ts';
import type { Image } from './image.ts';
import { parseOptions } from './options.ts';
import { allocate, type DecodedImage, type DType, type PixelArray } from './pixels.ts';
import { applyChannelsOrFail, channelsSchema, decodeWithSharp } from './sharp-decode.ts';
import { checkBlocks, type Ifd, memorySource, readIfds } from './tiff-ifd.ts';

const tiffOptionsSchema = z
  .object({
    page: z.number().int().min(0).default(0),
    channels: channelsSchema.default('keep'),
    /** 'auto' reads with libvips, and with geotiff the sample formats libvips lacks or alters (signed 16/32-bit, float16, 12-bit, 1-bit). */
    engine: z.enum(['auto', 'sharp', 'geotiff']).default('auto'),
    /** Name to report in errors when decoding bytes. */
    path: z.string().optional(),
  })
  .strict();

export type TiffOptions = z.input<typeof tiffOptionsSchema>;

export interface TiffPageInfo {
  width: number;
  height: number;
  channels: number;
  bitsPerSample: number;
  sampleFormat: 'uint' | 'int' | 'float';
  compression: number;
  tiled: boolean;
}

async function load(input: string | Uint8Array, path: string): Promise<Uint8Array> {
  try {
    return typeof input === 'string' ? await readFile(input) : input;
  } catch (err) {
    throw asDecodeError(err, path, 'tiff');
  }
}

/** Pages of a TIFF and their sample layout, read from the IFDs alone. */
export async function readTiffInfo(input: string | Uint8Array): Promise<TiffPageInfo[]> {
  const path = typeof input === 'string' ? input : '<buffer>';
  const bytes = await load(input, path);
  const ifds = await readIfds(memorySource(bytes), path);
  return ifds.map((ifd) => ({
    width: ifd.width,
    height: ifd.height,
    channels: ifd.samplesPerPixel,
    bitsPerSample: ifd.bitsPerSample,
    sampleFormat: ifd.sampleFormat === 3 ? 'float' : ifd.sampleFormat === 2 ? 'int' : 'uint',
    compression: ifd.compression,
    tiled: ifd.tiled,
  }));
}

/** Whether libvips reads this IFD's samples without changing their values. */
function libvipsReads(ifd: Ifd): boolean {
  if (![8, 16, 32, 64].includes(ifd.bitsPerSample)) return false;
  if (ifd.sampleFormat === 3 && ifd.bitsPerSample === 16) return false;
  // libvips treats signed 16/32-bit gray as grey16 and clips negatives when keeping that space.
  if (ifd.sampleFormat === 2 && ifd.bitsPerSample > 8) return false;
  return [1, 2, 3].includes(ifd.sampleFormat);
}

/**
 * Decode one page of a TIFF to `[H, W, C]` in its own sample type (uint8/uint16/int16/float32…).
 * Strips and tiles are checked against the file size first: libtiff fills missing data with zeros,
 * which would be partial data returned silently.
 */
export async function decodeTiff(input: string | Uint8Array, options?: TiffOptions): Promise<Image> {
  const opts = parseOptions(tiffOptionsSchema, options, 'tiff');
  const path = opts.path ?? (typeof input === 'string' ? input : '<buffer>');
  const bytes = await load(input, path);
  const ifds = await readIfds(memorySource(bytes), path);
  const ifd = ifds[opts.page];
  if (!ifd) throw new DecodeError(path, 'tiff', `page ${opts.page} asked, the file has ${ifds.length}`);
  checkBlocks(ifd, bytes.length, path);
  const engine = opts.engine === 'auto' ? (libvipsReads(ifd) ? 'sharp' : 'geotiff') : opts.engine;
  const decoded =
    engine === 'sharp'
      ? await decodeWithSharp(bytes, path, 'tiff', { page: opts.page, autoOrient: true, limitInputPixels: false })
      : await decodeWithGeotiff(bytes, path, opts.page);
  return { ...applyChannelsOrFail(decoded, opts.channels, path, 'tiff'), format: 'tiff' };
}

const GEOTIFF_DTYPES: Record<string, DType> = {
  Uint8Array: 'uint8',
  Uint8ClampedArray: 'uint8',
  Int8Array: 'int8',
  Uint16Array: 'uint16',
  Int16Array: 'int16',
  Uint32Array: 'uint32',
  Int32Array: 'int32',
  Float32Array: 'float32',
  Float64Array: 'float64',
};

async function decodeWithGeotiff(bytes: Uint8Array, path: string, page: number): Promise<DecodedImage> {
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const tiff = await fromArrayBuffer(buffer);
    const image = await tiff.getImage(page);
    // YCbCr (JPEG-in-TIFF) and palette pages need geotiff's colour conversion to come back as RGB.
    const photometric = image.fileDirectory.getValue('PhotometricInterpretation') as number | undefined;
    const raster = (photometric === 6 || photometric === 3
      ? await image.readRGB({ interleave: true })
      : await image.readRasters({ interleave: true })) as unknown as PixelArray;
    const width = image.getWidth();
    const height = image.getHeight();
    const channels = photometric === 6 || photometric === 3 ? 3 : image.getSamplesPerPixel();
    let dtype = GEOTIFF_DTYPES[raster.constructor.name];
    let data: PixelArray = raster;
    if (!dtype) {
      // float16 arrives as a plain Array or Float16Array: widen to float32.
      data = Float32Array.from(raster as ArrayLike<number>);
      dtype = 'float32';
    }
    if (data.length !== width * height * channels) {
      throw new DecodeError(path, 'tiff', `decoder returned ${data.length} samples for ${width}x${height}x${channels}`);
    }
    return { data, width, height, channels, dtype };
  } catch (err) {
    throw asDecodeError(err, path, 'tiff');
  }
}

export interface TiffStack extends DecodedImage {
  /** Number of pages; `data` is `[pages, H, W, C]`. */
  pages: number;
}

/**
 * Decode every full-resolution page of a multi-page TIFF (a z-stack or time series) into one
 * `[P, H, W, C]` array. Reduced-resolution pages (pyramid levels, thumbnails) are skipped; pages
 * of different sizes are an error.
 */
export async function decodeTiffStack(
  input: string | Uint8Array,
  options?: Omit<TiffOptions, 'page'>,
): Promise<TiffStack> {
  const path = options?.path ?? (typeof input === 'string' ? input : '<buffer>');
  const bytes = await load(input, path);
  const ifds = (await readIfds(memorySource(bytes), path)).filter((ifd) => (ifd.subfileType & 1) === 0);
  const first = await decodeTiff(bytes, { ...options, path, page: ifds[0]!.index });
  const pageSize = first.data.length;
  const data = allocate(first.dtype, pageSize * ifds.length);
  data.set(first.data as never, 0);
  for (let p = 1; p < ifds.length; p++) {
    const page = await decodeTiff(bytes, { ...options, path, page: ifds[p]!.index });
    if (page.width !== first.width || page.height !== first.height || page.channels !== first.channels) {
      throw new DecodeError(
        path,
        'tiff',
        `page ${p} is ${page.width}x${page.height}x${page.channels}, page 0 is ${first.width}x${first.height}x${first.channels}`,
      );
    }
    if (page.dtype !== first.dtype)
      throw new DecodeError(path, 'tiff', `page ${p} is ${page.dtype}, page 0 is ${first.dtype}`);
    data.set(page.data as never, p * pageSize);
  }
  return {
    data,
    width: first.width,
    height: first.height,
    channels: first.channels,
    dtype: first.dtype,
    pages: ifds.length,
  };
}
