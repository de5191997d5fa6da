/**
 * Writers for recipe fixtures: tiny copies of a dataset in its real layout and real file formats
 * (PNG, JPEG, GIF, TIFF and pyramidal TIFF through sharp; NIfTI-1, NPZ, PPM and ASAP XML here).
 * Pixel content is deterministic under a seed so fixtures are identical on every run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { seededRandom } from '../random.ts';

export async function ensureDir(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
}

export async function writeText(path: string, text: string): Promise<void> {
  await ensureDir(path);
  await writeFile(path, text);
}

/** Smooth colour field plus noise: compresses and decodes like a small photo. */
export function pattern(width: number, height: number, channels: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const data = Buffer.alloc(width * height * channels);
  const [fx, fy, phase] = [0.2 + random() * 0.3, 0.2 + random() * 0.3, random() * 6];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) {
        const v = 128 + 90 * Math.sin(x * fx + y * fy + phase + c) + (random() - 0.5) * 20;
        data[(y * width + x) * channels + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
  return data;
}

/** A binary mask: a filled disc (255 inside, as most 2D segmentation datasets store masks). */
export function discMask(width: number, height: number, seed: number, on = 255): Buffer {
  const random = seededRandom(seed);
  const cx = width * (0.3 + random() * 0.4);
  const cy = height * (0.3 + random() * 0.4);
  const r = Math.min(width, height) * (0.15 + random() * 0.15);
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) if (Math.hypot(x - cx, y - cy) <= r) data[y * width + x] = on;
  return data;
}

type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'gif' | 'bmp';

/** Write raw pixels as an image file in the given format. */
export async function writeImage(
  path: string,
  data: Buffer,
  width: number,
  height: number,
  channels: 1 | 3 | 4,
  format: ImageFormat,
): Promise<void> {
  await ensureDir(path);
  if (format === 'bmp') {
    await writeFile(path, bmp(data, width, height, channels));
    return;
  }
  const img = sharp(data, { raw: { width, height, channels } });
  if (format === 'png') await img.png().toFile(path);
  else if (format === 'jpeg') await img.jpeg({ quality: 90 }).toFile(path);
  else if (format === 'tiff') await img.tiff({ compression: 'lzw' }).toFile(path);
  else await img.gif().toFile(path);
}

/** A colour or gray image with the smooth pattern. */
export function writePatternImage(
  path: string,
  size: [number, number],
  channels: 1 | 3,
  format: ImageFormat,
  seed: number,
): Promise<void> {
  return writeImage(path, pattern(size[0], size[1], channels, seed), size[0], size[1], channels, format);
}

/** A one-channel 0/255 disc mask. */
export function writeMask(path: string, size: [number, number], format: ImageFormat, seed: number): Promise<void> {
  return writeImage(path, discMask(size[0], size[1], seed), size[0], size[1], 1, format);
}

function bmp(data: Buffer, width: number, height: number, channels: number): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + row * height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(row * height, 34);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * channels;
      const d = 54 + (height - 1 - y) * row + x * 3;
      const [r, g, b] = channels >= 3 ? [data[s]!, data[s + 1]!, data[s + 2]!] : [data[s]!, data[s]!, data[s]!];
      out[d] = b;
      out[d + 1] = g;
      out[d + 2] = r;
    }
  return out;
}

/** Binary PPM (P6) or PGM (P5), optionally gzipped as STARE distributes it. */
export async function writePpm(
  path: string,
  data: Buffer,
  width: number,
  height: number,
  channels: 1 | 3,
  gzip: boolean,
): Promise<void> {
  const header = Buffer.from(`${channels === 3 ? 'P6' : 'P5'}\n${width} ${height}\n255\n`, 'latin1');
  const bytes = Buffer.concat([header, data]);
  await ensureDir(path);
  await writeFile(path, gzip ? gzipSync(bytes) : bytes);
}

export type NiftiDtype = 'uint8' | 'int16' | 'float32';
const NIFTI_CODES: Record<NiftiDtype, [number, number]> = { uint8: [2, 8], int16: [4, 16], float32: [16, 32] };

/**
 * A NIfTI-1 single file (`.nii` or `.nii.gz`) with a diagonal sform from `spacing`; `shape` is
 * [I, J, K] or [I, J, K, T] (4D: MSD's multi-modal volumes), data in i-fastest order.
 */
export async function writeNifti(
  path: string,
  shape: number[],
  dtype: NiftiDtype,
  fill: (i: number, j: number, k: number, t: number) => number,
  spacing: [number, number, number] = [1, 1, 1],
): Promise<void> {
  const [I, J, K, T = 1] = shape as [number, number, number, number?];
  const header = Buffer.alloc(352);
  header.writeInt32LE(348, 0);
  [shape.length, I, J, K, T, 1, 1, 1].forEach((d, k) => {
    header.writeInt16LE(d, 40 + 2 * k);
  });
  const [code, bits] = NIFTI_CODES[dtype];
  header.writeInt16LE(code, 70);
  header.writeInt16LE(bits, 72);
  [1, ...spacing, 1, 1, 1, 1].forEach((p, k) => {
    header.writeFloatLE(p, 76 + 4 * k);
  });
  header.writeFloatLE(352, 108);
  header.writeFloatLE(1, 112);
  header.writeInt16LE(1, 254);
  [
    [spacing[0], 0, 0, 0],
    [0, spacing[1], 0, 0],
    [0, 0, spacing[2], 0],
  ].forEach((row, r) => {
    row.forEach((v, c) => {
      header.writeFloatLE(v, 280 + 16 * r + 4 * c);
    });
  });
  header.write('n+1\0', 344, 'latin1');
  const bytesPer = bits / 8;
  const data = Buffer.alloc(I * J * K * T * bytesPer);
  let o = 0;
  for (let t = 0; t < T; t++)
    for (let k = 0; k < K; k++)
      for (let j = 0; j < J; j++)
        for (let i = 0; i < I; i++) {
          const v = fill(i, j, k, t);
          if (dtype === 'uint8') data.writeUInt8(v, o);
          else if (dtype === 'int16') data.writeInt16LE(v, o);
          else data.writeFloatLE(v, o);
          o += bytesPer;
        }
  const bytes = Buffer.concat([header, data]);
  await ensureDir(path);
  await writeFile(path, path.endsWith('.gz') ? gzipSync(bytes) : bytes);
}

/** A sphere label volume and a matching intensity volume, as 3D segmentation fixtures use. */
export function sphere(shape: number[], seed: number, labels = 1): (i: number, j: number, k: number) => number {
  const random = seededRandom(seed);
  const c = shape.slice(0, 3).map((n) => n * (0.35 + random() * 0.3));
  const r = Math.min(...shape.slice(0, 3)) * 0.3;
  return (i, j, k) => {
    const d = Math.hypot(i - c[0]!, j - c[1]!, k - c[2]!);
    if (d > r) return 0;
    return labels > 1 && d < r / 2 ? 2 : 1;
  };
}

/** A NumPy `.npy` file's bytes (format 1.0) for a uint8 array. */
export function npy(data: Uint8Array, shape: number[]): Uint8Array {
  const dict = `{'descr': '|u1', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const pad = (64 - (unpadded % 64)) % 64;
  const headerText = `${dict}${' '.repeat(pad)}\n`;
  const out = new Uint8Array(10 + headerText.length + data.length);
  out.set([0x93, ...Buffer.from('NUMPY', 'latin1'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, headerText.length, true);
  out.set(Buffer.from(headerText, 'latin1'), 10);
  out.set(data, 10 + headerText.length);
  return out;
}

/** An `.npz` (a zip of `.npy` files), as `numpy.savez_compressed` writes. */
export async function writeNpz(path: string, arrays: Record<string, { data: Uint8Array; shape: number[] }>) {
  const files: Record<string, Uint8Array> = {};
  for (const [key, a] of Object.entries(arrays)) files[`${key}.npy`] = npy(a.data, a.shape);
  await ensureDir(path);
  await writeFile(path, zipSync(files, { level: 6 }));
}

/**
 * A tiled pyramidal TIFF (as CAMELYON's and PANDA's slides), written by libvips. `paint` gives
 * the RGB of each level-0 pixel.
 */
export async function writeSlideTiff(
  path: string,
  width: number,
  height: number,
  paint: (x: number, y: number) => [number, number, number],
  options: { tile?: number; compression?: 'jpeg' | 'lzw' | 'deflate' } = {},
): Promise<void> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paint(x, y);
      const o = (y * width + x) * 3;
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
    }
  await ensureDir(path);
  await sharp(data, { raw: { width, height, channels: 3 } })
    .tiff({
      tile: true,
      tileWidth: options.tile ?? 64,
      tileHeight: options.tile ?? 64,
      pyramid: true,
      compression: options.compression ?? 'lzw',
    })
    .toFile(path);
}

/** An ASAP annotation XML with polygons in level-0 pixels. */
export function asapXml(annotations: { name: string; group: string; points: [number, number][] }[]): string {
  const body = annotations
    .map(
      (a) =>
        `\t\t<Annotation Name="${a.name}" Type="Polygon" PartOfGroup="${a.group}" Color="#F4FA58">\n\t\t\t<Coordinates>\n${a.points
          .map(([x, y], i) => `\t\t\t\t<Coordinate Order="${i}" X="${x}" Y="${y}" />`)
          .join('\n')}\n\t\t\t</Coordinates>\n\t\t</Annotation>`,
    )
    .join('\n');
  const groups = [...new Set(annotations.map((a) => a.group))]
    .map((g) => `\t\t<Group Name="${g}" PartOfGroup="None" Color="#64FE2E">\n\t\t\t<Attributes />\n\t\t</Group>`)
    .join('\n');
  return `<?xml version="1.0"?>\n<ASAP_Annotations>\n\t<Annotations>\n${body}\n\t</Annotations>\n\t<AnnotationGroups>\n${groups}\n\t</AnnotationGroups>\n</ASAP_Annotations>\n`;
}

/** CSV text from rows (values containing commas or quotes are quoted). */
export function csv(rows: (string | number)[][]): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}
