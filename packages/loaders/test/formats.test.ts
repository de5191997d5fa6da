import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodeError, decodeTiff, decodeTiffStack, readNifti, readTiffInfo } from '../src/index.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medsets-formats-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Datatype codes, element writers and sizes, as in nifti1.h. */
const TYPES = [
  { code: 2, name: 'uint8', size: 1, put: (v: DataView, o: number, x: number) => v.setUint8(o, x) },
  { code: 256, name: 'int8', size: 1, put: (v: DataView, o: number, x: number) => v.setInt8(o, x) },
  { code: 4, name: 'int16', size: 2, put: (v: DataView, o: number, x: number, le: boolean) => v.setInt16(o, x, le) },
  {
    code: 512,
    name: 'uint16',
    size: 2,
    put: (v: DataView, o: number, x: number, le: boolean) => v.setUint16(o, x, le),
  },
  { code: 8, name: 'int32', size: 4, put: (v: DataView, o: number, x: number, le: boolean) => v.setInt32(o, x, le) },
  {
    code: 768,
    name: 'uint32',
    size: 4,
    put: (v: DataView, o: number, x: number, le: boolean) => v.setUint32(o, x, le),
  },
  {
    code: 16,
    name: 'float32',
    size: 4,
    put: (v: DataView, o: number, x: number, le: boolean) => v.setFloat32(o, x, le),
  },
  {
    code: 64,
    name: 'float64',
    size: 8,
    put: (v: DataView, o: number, x: number, le: boolean) => v.setFloat64(o, x, le),
  },
  {
    code: 1024,
    name: 'int64',
    size: 8,
    put: (v: DataView, o: number, x: number, le: boolean) => v.setBigInt64(o, BigInt(x), le),
  },
  {
    code: 1280,
    name: 'uint64',
    size: 8,
    put: (v: DataView, o: number, x: number, le: boolean) => v.setBigUint64(o, BigInt(x), le),
  },
];

/** A minimal NIfTI-1 writer for round trips (independent of the reader: it follows nifti1.h offsets). */
function nifti1(
  shape: number[],
  type: (typeof TYPES)[number],
  values: number[],
  le: boolean,
  slope = 1,
  inter = 0,
): Uint8Array {
  const out = new Uint8Array(352 + values.length * type.size);
  const v = new DataView(out.buffer);
  v.setInt32(0, 348, le);
  v.setInt16(40, shape.length, le);
  shape.forEach((d, k) => {
    v.setInt16(42 + 2 * k, d, le);
  });
  v.setInt16(70, type.code, le);
  v.setInt16(72, type.size * 8, le);
  for (let k = 0; k < 8; k++) v.setFloat32(76 + 4 * k, 1, le);
  v.setFloat32(108, 352, le);
  v.setFloat32(112, slope, le);
  v.setFloat32(116, inter, le);
  out.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  values.forEach((x, k) => {
    type.put(v, 352 + k * type.size, x, le);
  });
  return out;
}

describe('NIfTI datatypes and byte orders', () => {
  const shape = [3, 4, 2];
  const values = Array.from({ length: 24 }, (_, k) => (k * 5) % 97);
  for (const type of TYPES) {
    for (const le of [true, false]) {
      it(`${type.name}, ${le ? 'little' : 'big'}-endian, .nii and .nii.gz`, async () => {
        const bytes = nifti1(shape, type, values, le);
        const plain = join(dir, `${type.name}-${le}.nii`);
        await writeFile(plain, bytes);
        await writeFile(`${plain}.gz`, gzipSync(bytes));
        for (const path of [plain, `${plain}.gz`]) {
          const v = await readNifti(path);
          expect(v.shape).toEqual(shape);
          expect(v.header.storedDtype).toBe(
            type.name.endsWith('64') && type.name.includes('int') ? 'float64' : type.name,
          );
          expect(Array.from(v.data)).toEqual(values);
        }
      });
    }
  }

  it('scl_slope and scl_inter on integer data give float32', async () => {
    const path = join(dir, 'scaled.nii');
    await writeFile(path, nifti1(shape, TYPES[2]!, values, true, 0.5, -10));
    const v = await readNifti(path);
    expect(v.dtype).toBe('float32');
    expect(Array.from(v.data)).toEqual(values.map((x) => x * 0.5 - 10));
    expect(Array.from((await readNifti(path, { scale: false })).data)).toEqual(values);
  });

  it('scaled .nii.gz converted chunk by chunk: voxels split between inflate chunks, both byte orders', async () => {
    // 600,000 voxels span several inflate chunks; a vox_offset of 353 puts 16-bit voxels across
    // chunk boundaries.
    const n = 600_000;
    for (const type of TYPES.slice(0, 4)) {
      const span = 2 ** (8 * type.size);
      const signed = type.name.startsWith('int');
      const values = Array.from({ length: n }, (_, k) => ((k * 7919) % span) - (signed ? span / 2 : 0));
      for (const le of [true, false]) {
        const aligned = nifti1([100, 100, 60], type, values, le, 0.25, -1024);
        const bytes = new Uint8Array(aligned.length + 1);
        bytes.set(aligned.subarray(0, 352));
        bytes.set(aligned.subarray(352), 353);
        new DataView(bytes.buffer).setFloat32(108, 353, le);
        const path = join(dir, `chunked-${type.name}-${le}.nii.gz`);
        await writeFile(path, gzipSync(bytes));
        const v = await readNifti(path);
        expect(v.dtype).toBe('float32');
        const want = values.map((x) => Math.fround(x * 0.25 - 1024));
        expect(v.data.length).toBe(n);
        const wrong = want.findIndex((x, k) => v.data[k] !== x);
        expect(wrong).toBe(-1);
      }
    }
  });

  it('a slope of 0 means no scaling', async () => {
    const path = join(dir, 'zero-slope.nii');
    await writeFile(path, nifti1(shape, TYPES[0]!, values, true, 0, 5));
    expect(Array.from((await readNifti(path)).data)).toEqual(values);
  });

  it('complex data is refused, not misread', async () => {
    const path = join(dir, 'complex.nii');
    const bytes = nifti1(shape, TYPES[7]!, values, true);
    new DataView(bytes.buffer).setInt16(70, 1792, true);
    await writeFile(path, bytes);
    await expect(readNifti(path)).rejects.toThrow(/unsupported datatype complex128/);
  });

  it('a .nii.gz whose header lies about its size is refused before allocation', async () => {
    const path = join(dir, 'lying.nii.gz');
    await writeFile(path, gzipSync(nifti1([2000, 2000, 200], TYPES[6]!, [], true)));
    const before = process.memoryUsage().arrayBuffers;
    const err = await readNifti(path).catch((e) => e);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
    // Padded past 540 bytes, the header is read from the stream before the end: refused by the gzip bound.
    const padded = nifti1([2000, 2000, 200], TYPES[6]!, new Array(200).fill(0), true);
    await writeFile(path, gzipSync(padded));
    const err2 = await readNifti(path).catch((e) => e);
    expect(err2.reason).toMatch(/more than a \d+-byte gzip file can hold/);
    expect(err).toBeInstanceOf(DecodeError);
    expect(err.reason).toMatch(/truncated|more than a \d+-byte gzip file can hold/);
  });
});

describe('TIFF variants', () => {
  it('a multi-page stack, page by page and as [P, H, W, C]', async () => {
    const pages = await Promise.all(
      [10, 20, 30].map((v) =>
        sharp({ create: { width: 8, height: 5, channels: 3, background: { r: v, g: v, b: v } } })
          .png()
          .toBuffer(),
      ),
    );
    const path = join(dir, 'stack.tif');
    await sharp(pages, { join: { animated: true } })
      .toColourspace('b-w')
      .tiff()
      .toFile(path);
    const info = await readTiffInfo(path);
    expect(info.map((p) => [p.width, p.height])).toEqual([
      [8, 5],
      [8, 5],
      [8, 5],
    ]);
    expect((await decodeTiff(path, { page: 2 })).data[0]).toBe(30);
    const stack = await decodeTiffStack(path);
    expect([stack.pages, stack.height, stack.width, stack.channels]).toEqual([3, 5, 8, 1]);
    expect([stack.data[0], stack.data[40], stack.data[80]]).toEqual([10, 20, 30]);
    await expect(decodeTiff(path, { page: 3 })).rejects.toThrow(/page 3 asked, the file has 3/);
  });

  for (const compression of ['none', 'lzw', 'deflate', 'jpeg'] as const) {
    it(`${compression} compression, both engines`, async () => {
      const raw = Buffer.alloc(16 * 12 * 3);
      for (let k = 0; k < raw.length; k++) raw[k] = (k * 7) % 256;
      const path = join(dir, `c-${compression}.tif`);
      const src = compression === 'jpeg' ? Buffer.alloc(raw.length, 120) : raw;
      await sharp(src, { raw: { width: 16, height: 12, channels: 3 } })
        .tiff({ compression })
        .toFile(path);
      for (const engine of ['sharp', 'geotiff'] as const) {
        const img = await decodeTiff(path, { engine });
        expect([img.width, img.height, img.channels]).toEqual([16, 12, 3]);
        if (compression === 'jpeg') expect(Math.abs(img.data[50]! - 120)).toBeLessThan(3);
        else expect(Buffer.from(img.data as Uint8Array).equals(raw)).toBe(true);
      }
    });
  }

  it('int16 samples stay signed', async () => {
    const values = Int16Array.from({ length: 20 }, (_, k) => (k - 10) * 1000);
    const path = join(dir, 'int16.tif');
    await writeFile(path, int16Tiff(5, 4, values));
    for (const engine of ['auto', 'geotiff'] as const) {
      const img = await decodeTiff(path, { engine });
      expect(img.dtype).toBe('int16');
      expect(Array.from(img.data)).toEqual(Array.from(values));
    }
  });
});

/** A one-strip, uncompressed, signed 16-bit grayscale TIFF (SampleFormat 2), written by hand. */
function int16Tiff(width: number, height: number, values: Int16Array): Uint8Array {
  const tags: [number, number, number][] = [
    [256, 3, width],
    [257, 3, height],
    [258, 3, 16],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 0],
    [277, 3, 1],
    [278, 3, height],
    [279, 4, values.length * 2],
    [339, 3, 2],
  ];
  const dataAt = 8 + 2 + tags.length * 12 + 4;
  const out = new Uint8Array(dataAt + values.length * 2);
  const v = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  v.setUint32(4, 8, true);
  v.setUint16(8, tags.length, true);
  tags.forEach(([tag, type, value], k) => {
    const at = 10 + k * 12;
    v.setUint16(at, tag, true);
    v.setUint16(at + 2, type, true);
    v.setUint32(at + 4, 1, true);
    if (tag === 273) v.setUint32(at + 8, dataAt, true);
    else if (type === 3) v.setUint16(at + 8, value, true);
    else v.setUint32(at + 8, value, true);
  });
  values.forEach((x, k) => {
    v.setInt16(dataAt + 2 * k, x, true);
  });
  return out;
}
