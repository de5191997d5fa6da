import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodeError, openSlide, type Slide } from '../src/index.ts';
import { entries, ref } from './expected.ts';

interface SlideExpectation {
  level_count: number;
  level_dimensions: [number, number][];
  level_downsamples: number[];
  tissue_fraction_level0: number;
  regions: { level: number; x: number; y: number; width: number; height: number; mean_rgb: number[] }[];
}

const meanRgb = (data: Uint8Array | ArrayLike<number>, n: number) => {
  const s = [0, 0, 0];
  for (let p = 0; p < n; p++) for (let c = 0; c < 3; c++) s[c]! += data[p * 3 + c]!;
  return s.map((v) => v / n);
};

describe('reference slides read as OpenSlide reads them', () => {
  for (const [name, e] of entries('slide/')) {
    const exp = e as unknown as SlideExpectation;
    describe(`${name}: ${e.note}`, () => {
      let slide: Slide;
      beforeAll(async () => {
        slide = await openSlide(ref(name));
      });
      afterAll(() => slide.close());

      it('levels, dimensions and downsamples', () => {
        expect(slide.levelCount).toBe(exp.level_count);
        expect(slide.levels.map((l) => [l.width, l.height])).toEqual(exp.level_dimensions);
        slide.levels.forEach((l, k) => {
          expect(l.downsample).toBeCloseTo(exp.level_downsamples[k]!, 6);
        });
      });

      for (const r of exp.regions) {
        it(`region at level ${r.level} (${r.x}, ${r.y}) ${r.width}x${r.height}: means within 1.0`, async () => {
          const ds = slide.levels[r.level]!.downsample;
          const img = await slide.readRegion(r.level, Math.round(r.x / ds), Math.round(r.y / ds), r.width, r.height);
          expect([img.width, img.height, img.channels]).toEqual([r.width, r.height, 3]);
          meanRgb(img.data, r.width * r.height).forEach((m, c) => {
            expect(Math.abs(m - r.mean_rgb[c]!)).toBeLessThan(1);
          });
        });
      }

      it('unaligned regions match the same pixels read aligned', async () => {
        const big = await slide.readRegion(0, 1000, 1000, 600, 600);
        const small = await slide.readRegion(0, 1130, 1270, 100, 50);
        for (let row = 0; row < 50; row++) {
          const a = big.data.subarray(((row + 270) * 600 + 130) * 3, ((row + 270) * 600 + 230) * 3);
          const b = small.data.subarray(row * 100 * 3, (row + 1) * 100 * 3);
          expect(Array.from(b)).toEqual(Array.from(a));
        }
      });

      it('regions past the edge are filled', async () => {
        const l = slide.levels[0]!;
        const img = await slide.readRegion(0, l.width - 10, l.height - 10, 20, 20, { fill: [1, 2, 3] });
        expect(Array.from(img.data.subarray(-3))).toEqual([1, 2, 3]);
      });

      it('thumbnail and Otsu tissue mask', async () => {
        const thumb = await slide.thumbnail(256);
        expect(Math.max(thumb.width, thumb.height)).toBe(256);
        const tissue = await slide.tissueMask({ maxSize: 512 });
        expect(Math.abs(tissue.fraction - exp.tissue_fraction_level0)).toBeLessThan(0.02);
        const l = slide.levels[0]!;
        expect(tissue.fractionIn(l.width / 2 - 128, l.height / 2 - 128, 256, 256)).toBe(1);
        expect(tissue.fractionIn(0, 0, 256, 256)).toBe(0);
        const od = await slide.tissueMask({ maxSize: 512, method: 'od' });
        expect(Math.abs(od.fraction - exp.tissue_fraction_level0)).toBeLessThan(0.05);
      });
    });
  }
});

/**
 * A classic TIFF claiming a `size × size` slide of 256² JPEG tiles, every tile entry pointing at the
 * same small JPEG: a 100,000² slide in a few MiB, to show memory follows the region, not the slide.
 */
async function hugeSlide(size: number, tile: Uint8Array): Promise<Uint8Array> {
  const across = Math.ceil(size / 256);
  const n = across * across;
  const entries: [number, number, number, number | number[]][] = [
    [256, 4, 1, size],
    [257, 4, 1, size],
    [258, 3, 3, [8, 8, 8]],
    [259, 3, 1, 7],
    [262, 3, 1, 6],
    [277, 3, 1, 3],
    [284, 3, 1, 1],
    [322, 3, 1, 256],
    [323, 3, 1, 256],
    [324, 4, n, 0],
    [325, 4, n, 0],
  ];
  const ifdAt = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  const bpsAt = ifdAt + ifdSize;
  const offsetsAt = bpsAt + 6;
  const countsAt = offsetsAt + 4 * n;
  const tileAt = countsAt + 4 * n;
  const out = new Uint8Array(tileAt + tile.length);
  const v = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  v.setUint32(4, ifdAt, true);
  v.setUint16(ifdAt, entries.length, true);
  entries.forEach(([tag, type, count, value], k) => {
    const at = ifdAt + 2 + k * 12;
    v.setUint16(at, tag, true);
    v.setUint16(at + 2, type, true);
    v.setUint32(at + 4, count, true);
    if (tag === 258) v.setUint32(at + 8, bpsAt, true);
    else if (tag === 324) v.setUint32(at + 8, offsetsAt, true);
    else if (tag === 325) v.setUint32(at + 8, countsAt, true);
    else if (type === 3) v.setUint16(at + 8, value as number, true);
    else v.setUint32(at + 8, value as number, true);
  });
  for (let k = 0; k < 3; k++) v.setUint16(bpsAt + 2 * k, 8, true);
  for (let k = 0; k < n; k++) {
    v.setUint32(offsetsAt + 4 * k, tileAt, true);
    v.setUint32(countsAt + 4 * k, tile.length, true);
  }
  out.set(tile, tileAt);
  return out;
}

describe('a 100,000 x 100,000 slide', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'medsets-wsi-'));
    path = join(dir, 'huge.tif');
    const tile = await sharp({
      create: { width: 256, height: 256, channels: 3, background: { r: 200, g: 100, b: 150 } },
    })
      .jpeg({ quality: 95 })
      .toBuffer();
    await writeFile(path, await hugeSlide(100_000, tile));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads regions anywhere with memory bounded by the region', async () => {
    const slide = await openSlide(path, { tileCacheBytes: 8 * 2 ** 20 });
    expect(slide.levels[0]).toMatchObject({ width: 100_000, height: 100_000 });
    const before = process.memoryUsage().arrayBuffers;
    for (const [x, y] of [
      [0, 0],
      [50_000, 50_000],
      [98_900, 98_970],
      [12_345, 67_890],
    ] as const) {
      const img = await slide.readRegion(0, x, y, 1024, 1024);
      const [r, g, b] = meanRgb(img.data, 1024 * 1024);
      expect(Math.abs(r! - 200)).toBeLessThan(3);
      expect(Math.abs(g! - 100)).toBeLessThan(3);
      expect(Math.abs(b! - 150)).toBeLessThan(3);
    }
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
    await expect(slide.thumbnail()).rejects.toBeInstanceOf(DecodeError);
    await slide.close();
  });
});

describe('slide errors', () => {
  it('a non-tiled TIFF is not a slide', async () => {
    await expect(openSlide(ref('image/gray16.tif'))).rejects.toThrow(/no tiled page/);
  });
  it('a truncated file is a DecodeError', async () => {
    await expect(openSlide(ref('damaged/truncated.tif'))).rejects.toBeInstanceOf(DecodeError);
  });
});
