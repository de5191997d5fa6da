import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Image } from '../src/image.ts';
import { decodeImage, decodeTiff } from '../src/index.ts';
import { entries, ref, type Sample } from './expected.ts';
import { writePng } from './png-writer.ts';

interface ImageExpectation {
  height: number;
  width: number;
  channels: number;
  sum: number;
  mode?: string;
  palette_rgb?: number[][];
  page_shapes?: number[][];
  samples: Sample[];
}

const pixel = (img: Image, row: number, col: number): number[] =>
  Array.from(img.data.subarray((row * img.width + col) * img.channels, (row * img.width + col + 1) * img.channels));

function total(img: Image): number {
  let s = 0;
  for (let i = 0; i < img.data.length; i++) s += img.data[i]!;
  return s;
}

function check(img: Image, exp: ImageExpectation) {
  const shape = exp.page_shapes?.[0];
  // tifffile reports a planar (PlanarConfiguration=2) page as [C, H, W]; this reader returns [H, W, C].
  const planar = shape?.length === 3 && shape[0] === img.channels && shape[1] === img.height && shape[2] === img.width;
  if (planar) {
    expect([img.channels, img.height, img.width]).toEqual([exp.height, exp.width, exp.channels]);
    for (const { index, value } of exp.samples) {
      const [plane, row] = index as [number, number];
      const got = Array.from({ length: img.width }, (_, col) => pixel(img, row, col)[plane]);
      expect(got).toEqual(value);
    }
    expect(total(img)).toBe(exp.sum);
    return;
  }
  expect([img.height, img.width]).toEqual([exp.height, exp.width]);
  if (exp.mode === 'P') {
    // Pillow reports palette indices; this decoder expands to RGB, so map each pixel back to its index.
    const palette = exp.palette_rgb!;
    expect(img.channels).toBe(3);
    const indexOf = (rgb: number[]) => palette.findIndex((p) => p.every((v, c) => v === rgb[c]));
    for (const { index, value } of exp.samples) {
      const [row, col] = index as [number, number];
      expect(pixel(img, row, col)).toEqual(palette[(value as number[])[0]!]);
    }
    let sum = 0;
    for (let r = 0; r < img.height; r++) for (let c = 0; c < img.width; c++) sum += indexOf(pixel(img, r, c));
    expect(sum).toBe(exp.sum);
    return;
  }
  expect(img.channels).toBe(exp.channels);
  for (const { index, value } of exp.samples) {
    const [row, col] = index as [number, number];
    const got = pixel(img, row, col);
    (value as number[]).forEach((v, c) => {
      expect(got[c]).toBeCloseTo(v, 6);
    });
  }
  expect(total(img)).toBeCloseTo(exp.sum, 4);
}

describe('reference images decode to what Pillow and tifffile read', () => {
  for (const [name, exp] of entries('image/')) {
    it(`${name}: ${exp.note}`, async () => {
      check(await decodeImage(ref(name)), exp as unknown as ImageExpectation);
    });
    if (name.endsWith('.tif') || name.endsWith('.tiff')) {
      for (const engine of ['sharp', 'geotiff'] as const) {
        it(`${name} through ${engine}`, async () => {
          check(await decodeTiff(ref(name), { engine }), exp as unknown as ImageExpectation);
        });
      }
    }
  }
});

describe('decode options', () => {
  it('scale returns float32 equal to the samples times the factor', async () => {
    for (const name of ['image/rgba.png', 'image/gray16.png', 'image/palette.png', 'image/gray16.tif']) {
      const plain = await decodeImage(ref(name));
      const factor = plain.dtype === 'uint16' ? 1 / 65535 : 1 / 255;
      const img = await decodeImage(ref(name), { scale: factor });
      expect(img.dtype).toBe('float32');
      expect([img.width, img.height, img.channels]).toEqual([plain.width, plain.height, plain.channels]);
      for (let k = 0; k < plain.data.length; k += 7) expect(img.data[k]).toBeCloseTo(plain.data[k]! * factor, 5);
    }
  });

  it('channel policy: 1 (luma), 3, 4 and keep', async () => {
    const rgba = await decodeImage(ref('image/rgba.png'));
    const [r, g, b, a] = Array.from(rgba.data.subarray(0, 4));
    const gray = await decodeImage(ref('image/rgba.png'), { channels: 1 });
    expect(gray.channels).toBe(1);
    expect(gray.data[0]).toBe(Math.round(r! * 0.299 + g! * 0.587 + b! * 0.114));
    const rgb = await decodeImage(ref('image/rgba.png'), { channels: 3 });
    expect(Array.from(rgb.data.subarray(0, 3))).toEqual([r, g, b]);
    const mask4 = await decodeImage(ref('image/mask_binary.png'), { channels: 4 });
    expect(mask4.channels).toBe(4);
    expect(mask4.data[3]).toBe(255);
    expect(a).toBeGreaterThanOrEqual(0);
    const mask3 = await decodeImage(ref('image/mask_binary.png'), { channels: 3 });
    const mask = await decodeImage(ref('image/mask_binary.png'));
    for (let p = 0; p < mask.data.length; p += 13) expect(mask3.data[p * 3 + 2]).toBe(mask.data[p]);
    await expect(decodeImage(ref('image/rgba.png'), { channels: 2 as 1 })).rejects.toThrow(/invalid image options/);
  });

  it('JPEG, WebP, GIF and BMP, and EXIF orientation applied', async () => {
    const sharp = (await import('sharp')).default;
    const base = sharp({ create: { width: 6, height: 4, channels: 3, background: { r: 200, g: 30, b: 60 } } });
    for (const fmt of ['jpeg', 'webp'] as const) {
      const bytes = await base.clone().toFormat(fmt).toBuffer();
      const img = await decodeImage(bytes);
      expect([img.format, img.width, img.height, img.channels]).toEqual([fmt, 6, 4, 3]);
      expect(Math.abs(img.data[0]! - 200)).toBeLessThan(8);
    }
    const gif = await decodeImage(await base.clone().gif().toBuffer(), { channels: 3 });
    expect([gif.format, gif.width, gif.height, gif.channels]).toEqual(['gif', 6, 4, 3]);
    // Orientation 6 (rotate 90° clockwise to view): a 6x4 stored image is shown 4x6.
    const rotated = await base.clone().jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await decodeImage(rotated)).toMatchObject({ width: 4, height: 6 });
    expect(await decodeImage(rotated, { autoOrient: false })).toMatchObject({ width: 6, height: 4 });
    // A 2x2 24-bit BMP: bottom-up rows, BGR, rows padded to 4 bytes.
    const bmp = Buffer.alloc(54 + 16);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(70, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(2, 18);
    bmp.writeInt32LE(2, 22);
    bmp.writeUInt16LE(1, 26);
    bmp.writeUInt16LE(24, 28);
    bmp.set([1, 2, 3, 4, 5, 6, 0, 0, 7, 8, 9, 10, 11, 12, 0, 0], 54);
    const img = await decodeImage(bmp);
    expect(img.format).toBe('bmp');
    expect(Array.from(img.data)).toEqual([9, 8, 7, 12, 11, 10, 3, 2, 1, 6, 5, 4]);
  });
});

describe('grey+alpha PNG', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'medsets-la-')), 'la.png');
  // Grey+alpha (colour type 4), pixel p = [10 p, 255 - 7 p].
  const samples = Array.from({ length: 15 }, (_, p) => [p * 10, 255 - p * 7]).flat();
  writeFileSync(file, writePng({ width: 5, height: 3, bitDepth: 8, colourType: 4, samples }));

  it('keeps both bands with channels: keep, and the alpha with channels: 4', async () => {
    const kept = await decodeImage(file, { channels: 'keep' });
    expect(kept.channels).toBe(2);
    expect(pixel(kept, 2, 4)).toEqual([140, 255 - 14 * 7]);
    const rgba = await decodeImage(file, { channels: 4 });
    expect(pixel(rgba, 1, 0)).toEqual([50, 50, 50, 255 - 5 * 7]);
    const grey = await decodeImage(file, { channels: 1 });
    expect(pixel(grey, 0, 3)).toEqual([30]);
  });
});
