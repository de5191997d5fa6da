import { describe, expect, it } from 'vitest';
import {
  type DecodedImage,
  extractPatch,
  extractTile,
  gaussianWeights,
  labelSampler,
  openSlide,
  patchGrid,
  planSlideTiles,
  readSlideTiles,
  Stitcher,
  tileGrid,
  tiles,
  type Volume,
} from '../src/index.ts';
import { ref } from './expected.ts';

/** An image whose every sample says where it is: value = (row * width + col) * channels + channel. */
function ramp(height: number, width: number, channels: number): DecodedImage {
  const data = new Float32Array(height * width * channels).map((_, k) => k);
  return { data, width, height, channels, dtype: 'float32' };
}

describe('2D sliding window', () => {
  it('covers the image with stride = size and pads the ragged edge', () => {
    const grid = tileGrid(10, 7, { size: 4 });
    expect(grid.map((t) => [t.y, t.x])).toEqual([
      [0, 0],
      [0, 4],
      [4, 0],
      [4, 4],
      [8, 0],
      [8, 4],
    ]);
    expect(grid.every((t) => t.width === 4 && t.height === 4)).toBe(true);
  });

  it('drop, keep and shift the ragged edge', () => {
    expect(tileGrid(10, 7, { size: 4, edge: 'drop' }).map((t) => [t.y, t.x])).toEqual([
      [0, 0],
      [4, 0],
    ]);
    const keep = tileGrid(10, 7, { size: 4, edge: 'keep' });
    expect(keep.at(-1)).toMatchObject({ x: 4, y: 8, width: 3, height: 2 });
    const shift = tileGrid(10, 7, { size: 4, edge: 'shift' });
    expect(shift.map((t) => [t.y, t.x]).at(-1)).toEqual([6, 3]);
    expect(shift.every((t) => t.x + t.width <= 7 && t.y + t.height <= 10)).toBe(true);
  });

  it('overlap and stride are the same thing said two ways', () => {
    expect(tileGrid(100, 100, { size: 32, overlap: 8 })).toEqual(tileGrid(100, 100, { size: 32, stride: 24 }));
    expect(() => tileGrid(10, 10, { size: 4, stride: 2, overlap: 2 })).toThrow(/stride or overlap/);
  });

  it('tiles carry the pixels at their coordinates, padded by constant, edge or reflect', () => {
    const img = ramp(5, 6, 2);
    for (const { coord, tile } of tiles(img, { size: [2, 4], stride: [2, 3] })) {
      for (let r = 0; r < coord.height; r++) {
        for (let c = 0; c < coord.width; c++) {
          const y = coord.y + r;
          const x = coord.x + c;
          const got = tile.data[(r * tile.width + c) * 2 + 1];
          expect(got).toBe(y < 5 && x < 6 ? (y * 6 + x) * 2 + 1 : 0);
        }
      }
    }
    const row = (padMode: 'edge' | 'reflect') =>
      Array.from(extractTile(ramp(1, 4, 1), { x: -2, y: 0, width: 8, height: 1 }, { padMode }).data);
    expect(row('edge')).toEqual([0, 0, 0, 1, 2, 3, 3, 3]);
    expect(row('reflect')).toEqual([2, 1, 0, 1, 2, 3, 2, 1]);
  });
});

describe('stitching', () => {
  it('overlapping tiles stitched back give the image again', () => {
    const img = ramp(37, 29, 3);
    const stitcher = new Stitcher([37, 29], 3);
    for (const { coord, tile } of tiles(img, { size: 16, overlap: 5, edge: 'pad' })) {
      stitcher.add(tile.data, [coord.y, coord.x], [coord.height, coord.width], gaussianWeights([16, 16]));
    }
    const out = stitcher.result();
    out.forEach((v, k) => {
      expect(v).toBeCloseTo(k, 2);
    });
    expect(Math.min(...stitcher.coverage())).toBeGreaterThan(0);
  });

  it('averages overlapping predictions', () => {
    const s = new Stitcher([1, 4]);
    s.add([1, 1, 1], [0, 0], [1, 3]);
    s.add([3, 3, 3], [0, 1], [1, 3]);
    expect(Array.from(s.result())).toEqual([1, 2, 2, 3]);
  });

  it('3D patches over a volume stitch back to the volume', () => {
    const shape: [number, number, number] = [9, 11, 13];
    const data = new Float32Array(9 * 11 * 13).map((_, k) => k % 97);
    const vol: Volume = { data, shape, channels: 1, dtype: 'float32' };
    const grid = patchGrid(shape, [4, 5, 6], [3, 4, 5]);
    expect(grid[0]).toEqual([0, 0, 0]);
    expect(grid.at(-1)).toEqual([5, 6, 7]);
    const stitcher = new Stitcher(shape, 1);
    for (const start of grid) stitcher.add(extractPatch(vol, start, [4, 5, 6]).data, start, [4, 5, 6]);
    expect(Array.from(stitcher.result())).toEqual(Array.from(data));
  });

  it('patches reaching outside are padded', () => {
    const vol: Volume = { data: new Uint8Array(8).fill(7), shape: [2, 2, 2], channels: 1, dtype: 'uint8' };
    const p = extractPatch(vol, [-1, 0, 0], [2, 2, 2], 9);
    expect(Array.from(p.data)).toEqual([9, 9, 9, 9, 7, 7, 7, 7]);
  });
});

describe('label-weighted patch sampling', () => {
  const shape: [number, number, number] = [20, 20, 20];
  const data = new Uint8Array(8000);
  // A small foreground cube: 4³ voxels of label 1, and one slab of label 2.
  for (let z = 8; z < 12; z++)
    for (let y = 8; y < 12; y++) for (let x = 8; x < 12; x++) data[(z * 20 + y) * 20 + x] = 1;
  for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) data[(15 * 20 + y) * 20 + x] = 2;
  const label: Volume = { data, shape, channels: 1, dtype: 'uint8' };

  const centreLabel = (start: number[]) => data[((start[0]! + 3) * 20 + start[1]! + 3) * 20 + start[2]! + 3]!;
  const draw = (n: number, opts: Parameters<typeof labelSampler>[1]) => {
    const it = labelSampler(label, opts);
    return Array.from({ length: n }, () => it.next().value as [number, number, number]);
  };

  it('centres patches on labels with the asked probabilities', () => {
    const starts = draw(2000, { patchSize: 6, labelProbabilities: { 0: 0.2, 1: 0.5, 2: 0.3 }, seed: 1 });
    const counts = [0, 0, 0];
    for (const s of starts) {
      expect(s.every((v) => v >= 0 && v <= 14)).toBe(true);
      counts[centreLabel(s)]!++;
    }
    expect(counts[0]! / 2000).toBeCloseTo(0.2, 1);
    expect(counts[1]! / 2000).toBeCloseTo(0.5, 1);
    expect(counts[2]! / 2000).toBeCloseTo(0.3, 1);
  });

  it('foreground ratio and determinism under a seed', () => {
    const a = draw(500, { patchSize: 6, foregroundRatio: 1, seed: 42 });
    expect(a.every((s) => centreLabel(s) !== 0)).toBe(true);
    expect(draw(50, { patchSize: 6, seed: 7 })).toEqual(draw(50, { patchSize: 6, seed: 7 }));
    expect(draw(50, { patchSize: 6, seed: 7 })).not.toEqual(draw(50, { patchSize: 6, seed: 8 }));
  });
});

describe('whole-slide tiling', () => {
  it('keeps tiles with tissue, at a level or a magnification', async () => {
    const slide = await openSlide(ref('slide/tissue_pyramid.tif'), { objectivePower: 40 });
    const all = await planSlideTiles(slide, { size: 256, level: 1, minTissue: 0 });
    const tissue = await planSlideTiles(slide, { size: 256, level: 1, minTissue: 0.5 });
    expect(all.tiles).toHaveLength(Math.floor(2100 / 256) * Math.floor(1500 / 256));
    expect(tissue.tiles.length).toBeGreaterThan(0);
    expect(tissue.tiles.length).toBeLessThan(all.tiles.length);
    for await (const t of readSlideTiles(slide, { ...tissue, tiles: tissue.tiles.slice(0, 3) })) {
      expect([t.image.width, t.image.height]).toEqual([256, 256]);
      // Tissue is pink: red and blue well above green.
      let g = 0;
      for (let p = 0; p < 256 * 256; p++) g += t.image.data[p * 3 + 1]!;
      expect(g / 65536).toBeLessThan(200);
    }
    // 20x on a 40x slide is level 1 exactly; 13x sits between levels 1 and 2 and reads a bigger box from level 1.
    const at20 = await planSlideTiles(slide, { size: 256, magnification: 20, minTissue: 0 });
    expect(at20.tiles[0]!.level).toBe(1);
    expect(at20.readSize).toBe(256);
    const at13 = await planSlideTiles(slide, { size: 128, magnification: 13, minTissue: 0.5 });
    expect(at13.tiles[0]!.level).toBe(1);
    expect(at13.readSize).toBe(Math.round(128 * (40 / 13 / 2)));
    for await (const t of readSlideTiles(slide, { ...at13, tiles: at13.tiles.slice(0, 1) })) {
      expect([t.image.width, t.image.height]).toEqual([128, 128]);
    }
    await slide.close();
  });
});
