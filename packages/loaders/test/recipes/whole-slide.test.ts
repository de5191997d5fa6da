import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rasterizePolygons, readAsapPolygons } from '../../src/asap.ts';
import { loadDataset, type Sample } from '../../src/load-dataset.ts';
import camelyon16 from '../../src/recipes/camelyon16/recipe.ts';
import { FIXTURE_TILING } from '../../src/recipes/camelyon16/slides.ts';
import panda from '../../src/recipes/panda/recipe.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medsets-wsi-'));
  await camelyon16.writeFixture(join(dir, 'c16'));
  await panda.writeFixture(join(dir, 'panda'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function tilesOf(id: string, root: string, slide: string) {
  const ds = await loadDataset(id, { root, tile: FIXTURE_TILING });
  const out: { label: number; maskSum: number; maskMax: number; origin: number[] }[] = [];
  for await (const s of ds as AsyncIterable<Sample>) {
    if (s.meta.extra?.slide === slide) {
      const mask = (await s.mask!.data()) as Int32Array;
      out.push({
        label: (await s.label!.data())[0]!,
        maskSum: mask.reduce((a, b) => a + (b ? 1 : 0), 0),
        maskMax: Math.max(...mask),
        origin: s.meta.origin!,
      });
    }
    s.image.dispose();
    s.mask?.dispose();
    s.label?.dispose();
  }
  return out.sort((a, b) => a.origin[0]! - b.origin[0]! || a.origin[1]! - b.origin[1]!);
}

describe('whole-slide recipes', () => {
  it('reads ASAP polygons and rasterizes them at pixel centres', async () => {
    const polygons = await readAsapPolygons(join(dir, 'c16', 'training', 'lesion_annotations', 'tumor_001.xml'));
    expect(polygons).toHaveLength(1);
    expect(polygons[0]!.points).toEqual([
      [8, 8],
      [56, 8],
      [56, 40],
      [8, 40],
    ]);
    const mask = rasterizePolygons(polygons, { x: 0, y: 0, width: 64, height: 64, downsample: 1 });
    expect(mask.reduce((a, b) => a + b, 0)).toBe(48 * 32);
    const holes = rasterizePolygons(
      [
        ...polygons,
        {
          points: [
            [8, 8],
            [16, 8],
            [16, 16],
            [8, 16],
          ],
          value: 1,
          hole: true,
        },
      ],
      {
        x: 0,
        y: 0,
        width: 64,
        height: 64,
        downsample: 1,
      },
    );
    expect(holes.reduce((a, b) => a + b, 0)).toBe(48 * 32 - 64);
  });

  it('CAMELYON16 tiles carry the tumour mask and a tile label from its coverage', async () => {
    const tiles = await tilesOf('camelyon16', join(dir, 'c16'), 'tumor_001');
    expect(tiles.map((t) => t.origin)).toEqual([
      [0, 0],
      [0, 32],
      [0, 64],
      [32, 0],
      [32, 32],
      [32, 64],
    ]);
    // Tumour box [8, 56) × [8, 40): 24 × 24 pixels in each of the two top-left tiles.
    expect(tiles.map((t) => t.maskSum)).toEqual([576, 576, 0, 192, 192, 0]);
    expect(tiles.map((t) => t.label)).toEqual([1, 1, 0, 0, 0, 0]);
    const normal = await tilesOf('camelyon16', join(dir, 'c16'), 'normal_001');
    expect(normal.every((t) => t.maskSum === 0 && t.label === 0)).toBe(true);
  });

  it('PANDA tiles carry the ISUP grade and the label-mask values', async () => {
    const tiles = await tilesOf('panda', join(dir, 'panda'), '0018ae58b01bdadc8e347995b69f99aa');
    expect(tiles).toHaveLength(6);
    expect(tiles.every((t) => t.label === 4)).toBe(true);
    expect(tiles[0]!.maskMax).toBe(4);
    expect(tiles[0]!.maskSum).toBe(32 * 32);
    expect(tiles[2]!.maskSum).toBe(0);
  });
});
