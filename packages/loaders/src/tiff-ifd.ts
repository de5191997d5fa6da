import { readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { DecodeError } from './errors.ts';

/** Random access to a TIFF's bytes, from a file (read on demand) or from memory. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Read `length` bytes at `offset` into `target` from `at`; the count read. `alone` (nothing else
   * in flight to overlap with) reads synchronously: an asynchronous read would only add a wait on
   * the libuv pool.
   */
  readInto(target: Uint8Array, at: number, offset: number, length: number, alone: boolean): Promise<number>;
  close(): Promise<void>;
}

export async function fileSource(path: string): Promise<ByteSource> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    },
    async readInto(target, at, offset, length, alone) {
      if (alone) return readSync(handle.fd, target, at, length, offset);
      return (await handle.read(target, at, length, offset)).bytesRead;
    },
    close: () => handle.close(),
  };
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
    async readInto(target, at, offset, length) {
      const part = bytes.subarray(offset, Math.min(bytes.length, offset + length));
      target.set(part, at);
      return part.length;
    },
    close: async () => {},
  };
}

/** One image file directory: the tags a decoder needs, read without touching pixel data. */
export interface Ifd {
  index: number;
  width: number;
  height: number;
  samplesPerPixel: number;
  bitsPerSample: number;
  /** 1 unsigned integer, 2 signed integer, 3 IEEE float (TIFF SampleFormat). */
  sampleFormat: number;
  compression: number;
  photometric: number;
  /** 1 interleaved (chunky), 2 one plane per sample. */
  planarConfig: number;
  tiled: boolean;
  /** Tile size, or for strips the image width and RowsPerStrip. */
  blockWidth: number;
  blockHeight: number;
  offsets: number[];
  byteCounts: number[];
  jpegTables?: Uint8Array;
  description: string;
  /** NewSubfileType: bit 0 marks a reduced-resolution copy, bit 2 a transparency mask. */
  subfileType: number;
}

// Byte size of each TIFF field type; types not listed are unknown and skipped.
const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};

const MAX_IFDS = 4096;

/** Parse every IFD of a classic or BigTIFF file. Offsets past the end of the file are errors, not zeros. */
export async function readIfds(source: ByteSource, path: string): Promise<Ifd[]> {
  const fail = (reason: string): never => {
    throw new DecodeError(path, 'tiff', reason);
  };
  if (source.size === 0) fail('empty file');
  const head = await source.read(0, 16);
  if (head.length < 8) fail(`file is ${head.length} bytes, shorter than a TIFF header`);
  const order = String.fromCharCode(head[0]!, head[1]!);
  if (order !== 'II' && order !== 'MM') fail('not a TIFF file (bad byte-order mark)');
  const little = order === 'II';
  const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = hv.getUint16(2, little);
  if (magic !== 42 && magic !== 43) fail(`not a TIFF file (magic ${magic})`);
  const big = magic === 43;
  if (big && head.length < 16) fail('truncated BigTIFF header');
  let next = big ? Number(hv.getBigUint64(8, little)) : hv.getUint32(4, little);
  const seen = new Set<number>();
  const ifds: Ifd[] = [];
  while (next !== 0) {
    if (seen.has(next)) fail(`IFD chain loops back to offset ${next}`);
    if (ifds.length >= MAX_IFDS) fail(`more than ${MAX_IFDS} IFDs`);
    if (next + (big ? 8 : 2) > source.size)
      fail(`truncated: IFD at ${next} lies beyond the end of the file (${source.size} bytes)`);
    seen.add(next);
    const countBytes = await source.read(next, big ? 8 : 2);
    const cv = new DataView(countBytes.buffer, countBytes.byteOffset, countBytes.byteLength);
    const count = big ? Number(cv.getBigUint64(0, little)) : cv.getUint16(0, little);
    const entrySize = big ? 20 : 12;
    const tableStart = next + (big ? 8 : 2);
    const tableLength = count * entrySize + (big ? 8 : 4);
    if (tableStart + tableLength > source.size) fail(`truncated: IFD ${ifds.length} ends beyond the end of the file`);
    const table = await source.read(tableStart, tableLength);
    const tv = new DataView(table.buffer, table.byteOffset, table.byteLength);
    const tags = new Map<number, number[] | Uint8Array | string>();
    for (let e = 0; e < count; e++) {
      const at = e * entrySize;
      const tag = tv.getUint16(at, little);
      const type = tv.getUint16(at + 2, little);
      const n = big ? Number(tv.getBigUint64(at + 4, little)) : tv.getUint32(at + 4, little);
      const size = TYPE_SIZES[type];
      if (!size) continue;
      const total = size * n;
      if (total > source.size) fail(`tag ${tag} claims ${total} bytes, more than the file holds`);
      let raw: Uint8Array;
      const inline = big ? 8 : 4;
      if (total <= inline) {
        raw = table.subarray(at + (big ? 12 : 8), at + (big ? 12 : 8) + total);
      } else {
        const offset = big ? Number(tv.getBigUint64(at + 12, little)) : tv.getUint32(at + 8, little);
        if (offset + total > source.size) fail(`truncated: tag ${tag} values end beyond the end of the file`);
        raw = await source.read(offset, total);
      }
      tags.set(tag, decodeValues(raw, type, n, little));
    }
    const nextAt = count * entrySize;
    next = big ? Number(tv.getBigUint64(nextAt, little)) : tv.getUint32(nextAt, little);
    ifds.push(toIfd(tags, ifds.length, path));
  }
  if (ifds.length === 0) fail('no image in the file');
  return ifds;
}

function decodeValues(raw: Uint8Array, type: number, n: number, little: boolean): number[] | Uint8Array | string {
  if (type === 2) return new TextDecoder('latin1').decode(raw).replace(/\0+$/, '');
  if (type === 1 || type === 7 || type === 6) return raw.slice();
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    switch (type) {
      case 3:
        out[i] = v.getUint16(i * 2, little);
        break;
      case 8:
        out[i] = v.getInt16(i * 2, little);
        break;
      case 4:
      case 13:
        out[i] = v.getUint32(i * 4, little);
        break;
      case 9:
        out[i] = v.getInt32(i * 4, little);
        break;
      case 5:
        out[i] = v.getUint32(i * 8, little) / (v.getUint32(i * 8 + 4, little) || 1);
        break;
      case 10:
        out[i] = v.getInt32(i * 8, little) / (v.getInt32(i * 8 + 4, little) || 1);
        break;
      case 11:
        out[i] = v.getFloat32(i * 4, little);
        break;
      case 12:
        out[i] = v.getFloat64(i * 8, little);
        break;
      default:
        out[i] = Number(v.getBigUint64(i * 8, little));
    }
  }
  return out;
}

function toIfd(tags: Map<number, number[] | Uint8Array | string>, index: number, path: string): Ifd {
  const nums = (tag: number): number[] => {
    const v = tags.get(tag);
    if (v === undefined || typeof v === 'string') return [];
    return Array.from(v);
  };
  const one = (tag: number, fallback: number) => nums(tag)[0] ?? fallback;
  const width = one(256, 0);
  const height = one(257, 0);
  if (width <= 0 || height <= 0) throw new DecodeError(path, 'tiff', `IFD ${index} has no image size`);
  const tiled = tags.has(322);
  const offsets = tiled ? nums(324) : nums(273);
  const byteCounts = tiled ? nums(325) : nums(279);
  const tables = tags.get(347);
  const description = tags.get(270);
  return {
    index,
    width,
    height,
    samplesPerPixel: one(277, 1),
    bitsPerSample: one(258, 1),
    sampleFormat: one(339, 1),
    compression: one(259, 1),
    photometric: one(262, 1),
    planarConfig: one(284, 1),
    tiled,
    blockWidth: tiled ? one(322, width) : width,
    blockHeight: tiled ? one(323, height) : Math.min(one(278, height), height),
    offsets,
    byteCounts,
    ...(tables instanceof Uint8Array ? { jpegTables: tables } : {}),
    description: typeof description === 'string' ? description : '',
    subfileType: one(254, 0),
  };
}

/** Refuse files whose strips or tiles point past the end: libtiff would fill them with zeros. */
export function checkBlocks(ifd: Ifd, fileSize: number, path: string): void {
  const across = Math.ceil(ifd.width / ifd.blockWidth);
  const down = Math.ceil(ifd.height / ifd.blockHeight);
  const planes = ifd.planarConfig === 2 ? ifd.samplesPerPixel : 1;
  const expected = across * down * planes;
  if (ifd.offsets.length < expected || ifd.byteCounts.length < expected) {
    throw new DecodeError(path, 'tiff', `IFD ${ifd.index} lists ${ifd.offsets.length} blocks, needs ${expected}`);
  }
  for (let i = 0; i < expected; i++) {
    const end = ifd.offsets[i]! + ifd.byteCounts[i]!;
    if (end > fileSize) {
      throw new DecodeError(
        path,
        'tiff',
        `truncated: block ${i} of IFD ${ifd.index} ends at byte ${end}, the file has ${fileSize}`,
      );
    }
  }
}
