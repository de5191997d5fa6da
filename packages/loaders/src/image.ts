import { z } from 'zod';
import { decodeBmp } from './bmp.ts';
import { asDecodeError, DecodeError, type DecodeFormat } from './errors.ts';
import { normalize } from './normalize.ts';
import { parseOptions } from './options.ts';
import type { DecodedImage } from './pixels.ts';
import { decodePlainPng } from './png.ts';
import { readFileAlone, readWholeFile } from './read-file.ts';
import { applyChannelsOrFail, channelsSchema, decodeWithSharp } from './sharp-decode.ts';
import { formatFromName, sniffFormat } from './sniff.ts';
import { decodeTiff } from './tiff.ts';

const imageOptionsSchema = z
  .object({
    /** Channel policy, see `applyChannels`: 1, 3, 4 or 'keep' (default). */
    channels: channelsSchema.default('keep'),
    /** Apply the EXIF orientation tag (default true), as viewers show the photo. */
    autoOrient: z.boolean().default(true),
    /** Page of a multi-page file (TIFF, animated GIF/WebP). */
    page: z.number().int().min(0).default(0),
    /** Refuse images with more pixels than this before decoding (sharp's guard against decompression bombs). */
    limitInputPixels: z.union([z.number().int().positive(), z.literal(false)]).default(268_402_689),
    /**
     * Multiply samples by this and return float32 (1/255 turns 8-bit images into [0, 1]); in a
     * DecodePool worker this runs off the main thread, and imageToTensor then takes the array as is.
     */
    scale: z.number().finite().optional(),
  })
  .strict();

export type ImageOptions = z.input<typeof imageOptionsSchema>;

export interface Image extends DecodedImage {
  format: DecodeFormat;
}

/**
 * Decode a PNG, JPEG, GIF, WebP, BMP or TIFF file (or its bytes) to interleaved `[H, W, C]` pixels
 * in the file's own sample type: 8- and 16-bit stay as they are, palettes expand to RGB, EXIF
 * orientation is applied. TIFF goes through `decodeTiff` (libvips, or geotiff for sample formats
 * libvips cannot read).
 */
export async function decodeImage(input: string | Uint8Array, options?: ImageOptions): Promise<Image> {
  const opts = parseOptions(imageOptionsSchema, options, 'image');
  inFlight++;
  try {
    return await decode(input, opts);
  } finally {
    inFlight--;
  }
}

// decodeImage calls under way in this thread; when several are, PNG inflating moves off it.
let inFlight = 0;

async function decode(input: string | Uint8Array, opts: z.output<typeof imageOptionsSchema>): Promise<Image> {
  const path = typeof input === 'string' ? input : '<buffer>';
  let bytes: Uint8Array;
  try {
    if (typeof input !== 'string') bytes = input;
    else bytes = inFlight > 1 ? await readWholeFile(input) : await readFileAlone(input);
  } catch (err) {
    throw asDecodeError(err, path, formatFromName(path));
  }
  if (bytes.length === 0) throw new DecodeError(path, formatFromName(path), 'empty file');
  const sniffed = sniffFormat(bytes.subarray(0, 16));
  if (sniffed === 'tiff')
    return scaled(await decodeTiff(bytes, { page: opts.page, channels: opts.channels, path }), opts.scale);
  if (sniffed === 'bmp') {
    return scaled(
      { ...applyChannelsOrFail(decodeBmp(bytes, path), opts.channels, path, 'bmp'), format: 'bmp' },
      opts.scale,
    );
  }
  if (sniffed === 'unknown' || sniffed === 'gzip' || sniffed === 'nifti' || sniffed === 'wsi') {
    throw new DecodeError(
      path,
      formatFromName(path),
      'not a PNG, JPEG, GIF, WebP, BMP or TIFF file (unrecognised magic bytes)',
    );
  }
  // Plain PNGs (most dataset images) skip the libvips pipeline; anything else, or damaged, goes to
  // sharp. One decode at a time inflates on this thread (a libuv round trip would cost more than
  // it saves); with others in flight the inflate goes to a libuv thread, so both cores work.
  const plain =
    sniffed === 'png' && opts.page === 0 ? await decodePlainPng(bytes, opts.limitInputPixels, inFlight > 1) : undefined;
  const decoded = plain ?? (await decodeWithSharp(bytes, path, sniffed, opts));
  return scaled({ ...applyChannelsOrFail(decoded, opts.channels, path, sniffed), format: sniffed }, opts.scale);
}

/** The `scale` option: samples times the factor, as float32. */
function scaled(image: Image, scale: number | undefined): Image {
  if (scale === undefined) return image;
  return { ...image, data: normalize(image.data, { kind: 'scale', factor: scale }), dtype: 'float32' };
}
