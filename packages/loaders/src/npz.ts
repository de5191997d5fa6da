import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { DecodeError } from './errors.ts';
import { allocate, type DType, type PixelArray } from './pixels.ts';

/** One array of a `.npy` file: C-order data and its shape. */
export interface NpyArray {
  data: PixelArray;
  shape: number[];
  dtype: DType;
}

const DESCR: Record<string, DType> = {
  '|u1': 'uint8',
  '|i1': 'int8',
  '<u2': 'uint16',
  '<i2': 'int16',
  '<i4': 'int32',
  '<u4': 'uint32',
  '<f4': 'float32',
  '<f8': 'float64',
  '<i8': 'float64',
};

/** Parse a `.npy` (format 1.x/2.x, little-endian, C order); 64-bit integers widen to float64. */
export function parseNpy(bytes: Uint8Array, path: string): NpyArray {
  const fail = (reason: string) => new DecodeError(path, 'image', reason);
  if (bytes[0] !== 0x93 || Buffer.from(bytes.subarray(1, 6)).toString('latin1') !== 'NUMPY')
    throw fail('not a .npy array (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = Buffer.from(bytes.subarray(start, start + headerLength)).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) throw fail('unreadable .npy header');
  if (fortran) throw fail('Fortran-ordered arrays are not supported');
  const dtype = DESCR[descr];
  if (!dtype) throw fail(`unsupported dtype ${descr}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const body = bytes.subarray(start + headerLength);
  const width = descr === '<i8' ? 8 : Number(descr.slice(2));
  if (body.length < count * width) throw fail(`truncated: ${body.length} bytes for ${count} elements`);
  const copy = new Uint8Array(body.subarray(0, count * width));
  let data: PixelArray;
  if (descr === '<i8') {
    const big = new BigInt64Array(copy.buffer);
    data = allocate('float64', count);
    for (let i = 0; i < count; i++) data[i] = Number(big[i]);
  } else {
    data = new (allocate(dtype, 0).constructor as new (b: ArrayBufferLike) => PixelArray)(copy.buffer);
  }
  return { data, shape, dtype };
}

/** Every array of a `.npz`, keyed without the `.npy` suffix. */
export async function readNpz(path: string): Promise<Record<string, NpyArray>> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(await readFile(path));
  } catch (err) {
    throw new DecodeError(path, 'image', `not a readable .npz: ${(err as Error).message}`, { cause: err });
  }
  const out: Record<string, NpyArray> = {};
  for (const [name, bytes] of Object.entries(files))
    out[name.replace(/\.npy$/, '')] = parseNpy(bytes, `${path}:${name}`);
  return out;
}

/** Element `index` along the first axis: shape without its first entry. */
export function npyItem(array: NpyArray, index: number): NpyArray {
  const inner = array.shape.slice(1);
  const size = inner.reduce((a, b) => a * b, 1);
  return {
    data: array.data.subarray(index * size, (index + 1) * size) as PixelArray,
    shape: inner,
    dtype: array.dtype,
  };
}
