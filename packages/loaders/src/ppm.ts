import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DecodeError } from './errors.ts';
import type { DecodedImage } from './pixels.ts';

/**
 * Binary PPM (P6) and PGM (P5), 8-bit, plain or gzipped (STARE ships `.ppm.gz`). The prebuilt
 * libvips in sharp has no PPM loader, and the format is a 3-field header and raw bytes.
 */
export async function decodePpm(path: string): Promise<DecodedImage> {
  let bytes: Buffer = await readFile(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const fields: string[] = [];
  let o = 0;
  while (fields.length < 4 && o < bytes.length) {
    while (o < bytes.length && /\s/.test(String.fromCharCode(bytes[o]!))) o++;
    if (bytes[o] === 0x23) {
      while (o < bytes.length && bytes[o] !== 0x0a) o++;
      continue;
    }
    let s = '';
    while (o < bytes.length && !/\s/.test(String.fromCharCode(bytes[o]!))) s += String.fromCharCode(bytes[o++]!);
    fields.push(s);
  }
  o++; // the single whitespace byte after maxval
  const [magic, w, h, max] = fields;
  if (magic !== 'P6' && magic !== 'P5') throw new DecodeError(path, 'image', `not a binary PPM/PGM (magic ${magic})`);
  const width = Number(w);
  const height = Number(h);
  if (!(width > 0 && height > 0) || Number(max) !== 255)
    throw new DecodeError(path, 'image', `unsupported PPM header ${fields.join(' ')}`);
  const channels = magic === 'P6' ? 3 : 1;
  const n = width * height * channels;
  if (bytes.length - o < n) throw new DecodeError(path, 'image', 'truncated PPM data');
  return { data: new Uint8Array(bytes.subarray(o, o + n)), width, height, channels, dtype: 'uint8' };
}
