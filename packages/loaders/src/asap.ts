import { readFile } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';
import type { Polygon } from './recipes/recipe.ts';

/**
 * Polygons of an ASAP annotation XML (CAMELYON16/17), in level-0 pixels. Groups named in
 * `exclude` (CAMELYON16's "_2": non-tumour regions inside a tumour) become holes.
 */
export async function readAsapPolygons(
  path: string,
  options: { exclude?: string[]; value?: number } = {},
): Promise<Polygon[]> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => ['Annotation', 'Coordinate'].includes(n),
  });
  const doc = parser.parse(await readFile(path, 'utf8'));
  const annotations: Record<string, unknown>[] = doc?.ASAP_Annotations?.Annotations?.Annotation ?? [];
  const exclude = new Set(options.exclude ?? ['_2', 'Exclusion']);
  return annotations.map((a) => {
    const coords = ((a.Coordinates as { Coordinate?: Record<string, string>[] })?.Coordinate ?? [])
      .slice()
      .sort((p, q) => Number(p.Order) - Number(q.Order));
    return {
      points: coords.map((c) => [Number(c.X), Number(c.Y)] as [number, number]),
      value: options.value ?? 1,
      hole: exclude.has(String(a.PartOfGroup)),
    };
  });
}

/**
 * Rasterize polygons into a `width × height` mask covering the level-0 box starting at (x0, y0)
 * with `downsample` level-0 pixels per mask pixel. Even-odd scanline fill at pixel centres;
 * holes are painted after the filled polygons.
 */
export function rasterizePolygons(
  polygons: Polygon[],
  box: { x: number; y: number; width: number; height: number; downsample: number },
): Uint8Array {
  const W = Math.round(box.width / box.downsample);
  const H = Math.round(box.height / box.downsample);
  const out = new Uint8Array(W * H);
  const ordered = [...polygons.filter((p) => !p.hole), ...polygons.filter((p) => p.hole)];
  for (const poly of ordered) {
    const pts = poly.points.map(([x, y]) => [(x - box.x) / box.downsample, (y - box.y) / box.downsample] as const);
    for (let row = 0; row < H; row++) {
      const cy = row + 0.5;
      const xs: number[] = [];
      for (let i = 0; i < pts.length; i++) {
        const [x1, y1] = pts[i]!;
        const [x2, y2] = pts[(i + 1) % pts.length]!;
        if (y1 <= cy !== y2 <= cy) xs.push(x1 + ((cy - y1) * (x2 - x1)) / (y2 - y1));
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const from = Math.max(0, Math.ceil(xs[k]! - 0.5));
        const to = Math.min(W - 1, Math.floor(xs[k + 1]! - 0.5));
        for (let col = from; col <= to; col++) out[row * W + col] = poly.hole ? 0 : poly.value;
      }
    }
  }
  return out;
}

/** Fraction of a level-0 box covered by the polygons (sampled on a 16 × 16 grid). */
export function coverage(polygons: Polygon[], box: { x: number; y: number; width: number; height: number }): number {
  const mask = rasterizePolygons(polygons, { ...box, downsample: Math.max(box.width, box.height) / 16 });
  let on = 0;
  for (const v of mask) if (v) on++;
  return on / mask.length;
}
