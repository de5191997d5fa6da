import { crc32, inflateSync } from 'node:zlib';
import type { DecodedImage } from './pixels.ts';

/**
 * A PNG reader for the plain files datasets are made of (8/16-bit grey, RGB, RGBA or an opaque
 * palette; not interlaced; no colour-management chunks), with Node's own zlib. For a
 * small image libvips' per-call pipeline costs more than the decode itself; this path skips it
 * (images up to 4 Mpx: larger ones still go to libvips, on a libuv thread).
 *
 * It returns undefined for anything it does not handle exactly as libvips would (interlacing,
 * sub-byte depths, transparency chunks, ICC profiles, gamma, EXIF orientation, any unknown chunk)
 * and for anything damaged (bad CRC, truncated or corrupt data): the caller then decodes with
 * sharp, which reads the rest and reports damage as the same DecodeError as before.
 */
export function decodePlainPng(bytes: Uint8Array, limitInputPixels: number | false): DecodedImage | undefined {
  const parsed = parsePlainPng(bytes, limitInputPixels);
  if (!parsed) return undefined;
  let inflated: Uint8Array;
  try {
    // One output chunk the size of the filtered image (+1 so zlib sees the stream end in it).
    inflated = inflateSync(parsed.idat, { chunkSize: Math.max(64, parsed.filteredLength + 1) });
  } catch {
    return undefined;
  }
  return unfilterPng(parsed, inflated);
}

export interface PlainPng {
  idat: Uint8Array;
  width: number;
  height: number;
  bitDepth: 8 | 16;
  colourType: number;
  /** Samples per pixel as stored (1 for a palette index). */
  stored: number;
  palette?: Uint8Array;
  filteredLength: number;
}

// Above this many pixels (4 Mpx, 12 MiB of RGB) a decode on the calling thread would hold up the
// event loop for tens of milliseconds.
const MAX_PLAIN_PIXELS = 1 << 22;

// Ancillary chunks that change nothing libvips returns as pixels.
const HARMLESS = new Set(['pHYs', 'tEXt', 'zTXt', 'iTXt', 'tIME']);
// Grey+alpha (4) is left to sharp: its colour-space step returns it as one band.
const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 6: 4 };

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/** Walk the chunks, check every CRC, and gather the IDAT stream; undefined unless the file is plain. */
export function parsePlainPng(bytes: Uint8Array, limitInputPixels: number | false): PlainPng | undefined {
  if (bytes.length < 8 + 25 + 12 || u32(bytes, 0) !== 0x89504e47 || u32(bytes, 4) !== 0x0d0a1a0a) return undefined;
  let at = 8;
  let header: Omit<PlainPng, 'idat' | 'filteredLength'> | undefined;
  const idats: Uint8Array[] = [];
  let idatLength = 0;
  let ended = false;
  let afterIdat = false;
  while (at + 12 <= bytes.length) {
    const length = u32(bytes, at);
    if (at + 12 + length > bytes.length) return undefined;
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== u32(bytes, at + 8 + length)) return undefined;
    at += 12 + length;
    if (header === undefined) {
      if (type !== 'IHDR' || length !== 13) return undefined;
      const width = u32(body, 0);
      const height = u32(body, 4);
      const [bitDepth, colourType, compression, filter, interlace] = body.subarray(8, 13);
      const stored = SAMPLES[colourType!];
      if (!width || !height || width > 0x7fffffff || height > 0x7fffffff) return undefined;
      if (stored === undefined || compression !== 0 || filter !== 0 || interlace !== 0) return undefined;
      if (bitDepth !== 8 && !(bitDepth === 16 && colourType !== 3)) return undefined;
      if (limitInputPixels !== false && width * height > limitInputPixels) return undefined;
      // Large images go to libvips, off this thread: its per-call cost no longer matters there.
      if (width * height > MAX_PLAIN_PIXELS) return undefined;
      header = { width, height, bitDepth: bitDepth as 8 | 16, colourType: colourType!, stored };
      continue;
    }
    if (type === 'IDAT') {
      // IDAT chunks must be consecutive.
      if (afterIdat) return undefined;
      idats.push(body);
      idatLength += length;
      continue;
    }
    if (idats.length > 0) afterIdat = true;
    if (type === 'IEND') {
      ended = true;
      break;
    }
    if (type === 'PLTE') {
      if (idats.length > 0 || header.palette || length % 3 !== 0 || length === 0 || length > 768) return undefined;
      header.palette = body;
    } else if (!HARMLESS.has(type)) {
      return undefined;
    }
  }
  if (!header || !ended || idats.length === 0) return undefined;
  if (header.colourType === 3 && !header.palette) return undefined;
  const rowBytes = header.width * header.stored * (header.bitDepth / 8);
  const filteredLength = header.height * (rowBytes + 1);
  if (!Number.isSafeInteger(filteredLength) || filteredLength > 2 ** 31) return undefined;
  const idat = idats.length === 1 ? idats[0]! : Buffer.concat(idats, idatLength);
  return { ...header, idat, filteredLength };
}

/** Undo the per-row filters (PNG spec §9) and expand palettes / swap 16-bit samples to native order. */
export function unfilterPng(png: PlainPng, inflated: Uint8Array): DecodedImage | undefined {
  const { width, height, bitDepth, stored, palette } = png;
  if (inflated.length !== png.filteredLength) return undefined;
  const bpp = stored * (bitDepth / 8);
  const rowBytes = width * bpp;
  const out = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const filter = inflated[y * (rowBytes + 1)]!;
    const src = y * (rowBytes + 1) + 1;
    const dst = y * rowBytes;
    const up = dst - rowBytes;
    switch (filter) {
      case 0:
        out.set(inflated.subarray(src, src + rowBytes), dst);
        break;
      case 1:
        for (let i = 0; i < bpp; i++) out[dst + i] = inflated[src + i]!;
        for (let i = bpp; i < rowBytes; i++) out[dst + i] = (inflated[src + i]! + out[dst + i - bpp]!) & 255;
        break;
      case 2:
        if (y === 0) out.set(inflated.subarray(src, src + rowBytes), dst);
        else for (let i = 0; i < rowBytes; i++) out[dst + i] = (inflated[src + i]! + out[up + i]!) & 255;
        break;
      case 3:
        if (y === 0) {
          for (let i = 0; i < bpp; i++) out[dst + i] = inflated[src + i]!;
          for (let i = bpp; i < rowBytes; i++) out[dst + i] = (inflated[src + i]! + (out[dst + i - bpp]! >> 1)) & 255;
        } else {
          for (let i = 0; i < bpp; i++) out[dst + i] = (inflated[src + i]! + (out[up + i]! >> 1)) & 255;
          for (let i = bpp; i < rowBytes; i++)
            out[dst + i] = (inflated[src + i]! + ((out[dst + i - bpp]! + out[up + i]!) >> 1)) & 255;
        }
        break;
      case 4:
        if (y === 0) {
          // Paeth with no row above is the Sub filter.
          for (let i = 0; i < bpp; i++) out[dst + i] = inflated[src + i]!;
          for (let i = bpp; i < rowBytes; i++) out[dst + i] = (inflated[src + i]! + out[dst + i - bpp]!) & 255;
        } else {
          for (let i = 0; i < bpp; i++) out[dst + i] = (inflated[src + i]! + out[up + i]!) & 255;
          for (let i = bpp; i < rowBytes; i++) {
            const a = out[dst + i - bpp]!;
            const b = out[up + i]!;
            const c = out[up + i - bpp]!;
            const pa = Math.abs(b - c);
            const pb = Math.abs(a - c);
            const pc = Math.abs(a + b - c - c);
            const p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            out[dst + i] = (inflated[src + i]! + p) & 255;
          }
        }
        break;
      default:
        return undefined;
    }
  }
  const channels = palette ? 3 : stored;
  if (palette) {
    const entries = palette.length / 3;
    const rgb = new Uint8Array(width * height * 3);
    for (let p = 0; p < out.length; p++) {
      const index = out[p]!;
      // An index past the palette is an error for libvips too: let it report it.
      if (index >= entries) return undefined;
      rgb[p * 3] = palette[index * 3]!;
      rgb[p * 3 + 1] = palette[index * 3 + 1]!;
      rgb[p * 3 + 2] = palette[index * 3 + 2]!;
    }
    return { data: rgb, width, height, channels, dtype: 'uint8' };
  }
  if (bitDepth === 16) {
    // Big-endian in the file; Uint16Array reads the host's order.
    const samples = new Uint16Array(out.buffer, 0, out.length / 2);
    if (hostIsLittleEndian) for (let k = 0; k < samples.length; k++) samples[k] = (out[2 * k]! << 8) | out[2 * k + 1]!;
    return { data: samples, width, height, channels, dtype: 'uint16' };
  }
  return { data: out, width, height, channels, dtype: 'uint8' };
}
