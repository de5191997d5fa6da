import sharp from 'sharp';
import { z } from 'zod';
import { asDecodeError, DecodeError, type DecodeFormat } from './errors.ts';
import { allocate, applyChannels, type ChannelPolicy, type DecodedImage, type DType, viewAs } from './pixels.ts';

// sharp keeps its own cache of decoded images keyed by file name; a training loop reads each file
// once per epoch, so the cache only costs memory.
sharp.cache(false);
// Datasets decode many small images at once, one per libuv thread; splitting each image across
// libvips threads as well only adds contention (measured: ~25% more images/s on 2 cores).
sharp.concurrency(1);

export const channelsSchema = z.union([z.literal(1), z.literal(3), z.literal(4), z.literal('keep')]);

const SHARP_DEPTHS: Record<string, DType> = {
  uchar: 'uint8',
  char: 'int8',
  ushort: 'uint16',
  short: 'int16',
  uint: 'uint32',
  int: 'int32',
  float: 'float32',
  double: 'float64',
};

// Colour spaces sharp may be asked to keep as they are; anything else (CMYK, Lab) goes to sRGB.
const KEPT_SPACES = new Set(['b-w', 'grey16', 'srgb', 'rgb16', 'multiband']);

export function applyChannelsOrFail(
  image: DecodedImage,
  channels: ChannelPolicy,
  path: string,
  format: DecodeFormat,
): DecodedImage {
  try {
    return applyChannels(image, channels);
  } catch (err) {
    throw asDecodeError(err, path, format);
  }
}

/**
 * The libvips path shared by every format it reads. `failOn: 'error'` makes truncated or corrupt
 * data an error instead of a silently grey-filled image.
 */
export async function decodeWithSharp(
  bytes: Uint8Array,
  path: string,
  format: DecodeFormat,
  opts: { page: number; autoOrient: boolean; limitInputPixels: number | false },
): Promise<DecodedImage> {
  try {
    const open = () => sharp(bytes, { failOn: 'error', page: opts.page, limitInputPixels: opts.limitInputPixels });
    // PNG and JPEG headers say the sample depth and colour space: reading them here saves a
    // second libvips pipeline (metadata) per image.
    const meta = peekHeader(bytes) ?? (await open().metadata());
    const dtype = SHARP_DEPTHS[meta.depth ?? ''];
    if (!dtype) throw new DecodeError(path, format, `unsupported sample type ${meta.depth}`);
    let pipeline = open();
    if (opts.autoOrient) pipeline = pipeline.autoOrient();
    const space = meta.space ?? 'srgb';
    const grey = space === 'b-w' || space === 'grey16';
    // libvips keeps a grey image one band only when asked for its grey space, but that request also
    // drops an alpha band; grey+alpha is read as sharp gives it (RGBA) and packed back to two bands.
    if (!KEPT_SPACES.has(space)) pipeline = pipeline.toColourspace('srgb');
    else if (grey && !meta.hasAlpha) pipeline = pipeline.toColourspace(space);
    const { data, info } = await pipeline.raw({ depth: meta.depth as 'uchar' }).toBuffer({ resolveWithObject: true });
    const pixels = viewAs(dtype, data);
    if (pixels.length !== info.width * info.height * info.channels) {
      throw new DecodeError(
        path,
        format,
        `decoder returned ${pixels.length} samples for ${info.width}x${info.height}x${info.channels}`,
      );
    }
    const image = { data: pixels, width: info.width, height: info.height, channels: info.channels, dtype };
    return grey && info.channels === 4 ? greyWithAlpha(image) : image;
  } catch (err) {
    throw asDecodeError(err, path, format);
  }
}

/** Depth and colour space from a PNG IHDR or a JPEG SOF marker; undefined for anything unusual. */
export function peekHeader(bytes: Uint8Array): { depth: string; space: string; hasAlpha: boolean } | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes.length > 26) {
    const bitDepth = bytes[24]!;
    const colourType = bytes[25]!;
    const grey = colourType === 0 || colourType === 4;
    const hasAlpha = colourType === 4 || colourType === 6;
    if (bitDepth === 16) return { depth: 'ushort', space: grey ? 'grey16' : 'rgb16', hasAlpha };
    return { depth: 'uchar', space: grey ? 'b-w' : 'srgb', hasAlpha };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1]!;
      const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) {
        const precision = bytes[at + 4]!;
        const components = bytes[at + 9]!;
        if (precision !== 8 || (components !== 1 && components !== 3)) return undefined;
        return { depth: 'uchar', space: components === 1 ? 'b-w' : 'srgb', hasAlpha: false };
      }
      at += 2 + length;
    }
  }
  return undefined;
}

/** [grey, grey, grey, alpha] per pixel, as sharp returns a grey+alpha image, to [grey, alpha]. */
function greyWithAlpha(image: DecodedImage): DecodedImage {
  const { data, width, height, dtype } = image;
  const out = allocate(dtype, width * height * 2);
  for (let p = 0, s = 0; s < data.length; p += 2, s += 4) {
    out[p] = data[s]!;
    out[p + 1] = data[s + 3]!;
  }
  return { data: out, width, height, channels: 2, dtype };
}
