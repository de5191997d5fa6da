import { promisify } from 'node:util';
import { crc32, inflate, inflateSync } from 'node:zlib';
import { type DecodedImage, viewAs } from './pixels.ts';

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
 *
 * Inflating is most of the work. `offThread` runs it on a libuv thread, which pays a round trip
 * (~0.1 ms) but lets other cores inflate while this thread unfilters and converts: worth it only
 * when other decodes are in flight to fill the wait.
 */
export async function decodePlainPng(
  bytes: Uint8Array,
  limitInputPixels: number | false,
  offThread: boolean,
): Promise<DecodedImage | undefined> {
  const parsed = parsePlainPng(bytes, limitInputPixels);
  if (!parsed) return undefined;
  // One output chunk the size of the filtered image (+1 so zlib sees the stream end in it).
  const chunkSize = Math.max(64, parsed.filteredLength + 1);
  let inflated: Uint8Array;
  try {
    inflated = offThread
      ? await inflateAsync(joinIdats(parsed, false), { chunkSize })
      : inflateSync(joinIdats(parsed, true), { chunkSize });
  } catch {
    return undefined;
  }
  return unfilterPng(parsed, inflated);
}

const inflateAsync = promisify(inflate);

export interface PlainPng {
  /** The IDAT chunks' bodies, in order: together one zlib stream. */
  idats: Uint8Array[];
  idatLength: number;
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
  let header: Omit<PlainPng, 'idats' | 'idatLength' | 'filteredLength'> | undefined;
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
  return { ...header, idats, idatLength, filteredLength };
}

// Encoders split the stream into chunks of a few KiB, so nearly every file needs its IDATs joined.
// For a synchronous inflate they are copied into one reused buffer (zlib is done with it when
// inflateSync returns) rather than a new one per image: fewer large allocations, fewer full GCs.
// An inflate on a libuv thread, or a stream above 2 MiB, gets a buffer of its own.
const JOIN_REUSE_BYTES = 1 << 21;
let joinScratch = new Uint8Array(0);

function joinIdats({ idats, idatLength }: PlainPng, reuse: boolean): Uint8Array {
  if (idats.length === 1) return idats[0]!;
  if (!reuse || idatLength > JOIN_REUSE_BYTES) return Buffer.concat(idats, idatLength);
  if (joinScratch.length < idatLength) joinScratch = new Uint8Array(Math.min(JOIN_REUSE_BYTES, 2 * idatLength));
  let at = 0;
  for (const chunk of idats) {
    joinScratch.set(chunk, at);
    at += chunk.length;
  }
  return joinScratch.subarray(0, idatLength);
}

/**
 * Undo the per-row filters (PNG spec §9) and expand palettes / swap 16-bit samples to native order.
 * Unfilters in place: row y's output starts y + 1 bytes before its filtered input (one filter byte
 * per earlier row), so each write lands on input bytes already read, and the row above stays
 * untouched. The pixels are then a view of `inflated`: no second image-sized buffer per decode.
 */
export function unfilterPng(png: PlainPng, inflated: Uint8Array): DecodedImage | undefined {
  const { width, height, bitDepth, stored, palette } = png;
  if (inflated.length !== png.filteredLength) return undefined;
  const bpp = stored * (bitDepth / 8);
  const rowBytes = width * bpp;
  const b = inflated;
  for (let y = 0; y < height; y++) {
    const dst = y * rowBytes;
    const src = dst + y + 1;
    const filter = b[src - 1]!;
    // With no row above, Up is None, Average halves only the left byte and Paeth is Sub.
    const kind = y > 0 || filter < 2 ? filter : filter === 2 ? 0 : filter === 4 ? 1 : filter;
    switch (kind) {
      case 0:
        b.copyWithin(dst, src, src + rowBytes);
        break;
      case 1:
        subRow(b, dst, src, rowBytes, bpp);
        break;
      case 2:
        for (let i = 0; i < rowBytes; i++) b[dst + i] = (b[src + i]! + b[dst - rowBytes + i]!) & 255;
        break;
      case 3:
        if (y === 0) {
          for (let i = 0; i < bpp; i++) b[dst + i] = b[src + i]!;
          for (let i = bpp; i < rowBytes; i++) b[dst + i] = (b[src + i]! + (b[dst + i - bpp]! >> 1)) & 255;
        } else averageRow(b, dst, src, rowBytes, bpp);
        break;
      case 4:
        paethRow(b, dst, src, rowBytes, bpp);
        break;
      default:
        return undefined;
    }
  }
  const out = b.subarray(0, rowBytes * height);
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
    if (hostIsLittleEndian) {
      for (let k = 0; k < out.length; k += 2) {
        const high = out[k]!;
        out[k] = out[k + 1]!;
        out[k + 1] = high;
      }
    }
    return { data: viewAs('uint16', out), width, height, channels, dtype: 'uint16' };
  }
  return { data: out, width, height, channels, dtype: 'uint8' };
}

// One function per filter keeps each loop small and monomorphic for V8.
function subRow(b: Uint8Array, dst: number, src: number, rowBytes: number, bpp: number): void {
  for (let i = 0; i < bpp; i++) b[dst + i] = b[src + i]!;
  for (let i = bpp; i < rowBytes; i++) b[dst + i] = (b[src + i]! + b[dst + i - bpp]!) & 255;
}

function averageRow(b: Uint8Array, dst: number, src: number, rowBytes: number, bpp: number): void {
  const up = dst - rowBytes;
  for (let i = 0; i < bpp; i++) b[dst + i] = (b[src + i]! + (b[up + i]! >> 1)) & 255;
  for (let i = bpp; i < rowBytes; i++) b[dst + i] = (b[src + i]! + ((b[dst + i - bpp]! + b[up + i]!) >> 1)) & 255;
}

function paethRow(b: Uint8Array, dst: number, src: number, rowBytes: number, bpp: number): void {
  const up = dst - rowBytes;
  for (let i = 0; i < bpp; i++) b[dst + i] = (b[src + i]! + b[up + i]!) & 255;
  for (let i = bpp; i < rowBytes; i++) {
    const a = b[dst + i - bpp]!;
    const u = b[up + i]!;
    const c = b[up + i - bpp]!;
    const pa = Math.abs(u - c);
    const pb = Math.abs(a - c);
    const pc = Math.abs(a + u - c - c);
    const p = pa <= pb && pa <= pc ? a : pb <= pc ? u : c;
    b[dst + i] = (b[src + i]! + p) & 255;
  }
}
