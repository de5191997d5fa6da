import { z } from 'zod';
import { parseOptions } from './options.ts';
import { allocate, type DType, type PixelArray } from './pixels.ts';
import { seededRandom } from './random.ts';

/** A volume in `[D, H, W, C]` order (C fastest), as NIfTI data already is with D = k, H = j, W = i. */
export interface Volume {
  data: PixelArray;
  /** `[D, H, W]`. */
  shape: [number, number, number];
  channels: number;
  dtype: DType;
}

export type Triple = [number, number, number];

const triple = (v: number | Triple): Triple => (typeof v === 'number' ? [v, v, v] : v);

/** Starts of a 3D sliding window; the last patch on each axis is shifted back inside so the grid covers the volume. */
export function patchGrid(shape: Triple, size: number | Triple, stride?: number | Triple): Triple[] {
  const sz = triple(size);
  const st = triple(stride ?? size);
  const axis = (n: number, s: number, step: number) => {
    if (step <= 0) throw new RangeError('stride must be positive');
    const out: number[] = [];
    for (let p = 0; p + s <= n; p += step) out.push(p);
    if (!out.length || out[out.length - 1]! + s < n) out.push(Math.max(0, n - s));
    return [...new Set(out)];
  };
  const [zs, ys, xs] = [axis(shape[0], sz[0], st[0]), axis(shape[1], sz[1], st[1]), axis(shape[2], sz[2], st[2])];
  const out: Triple[] = [];
  for (const z of zs) for (const y of ys) for (const x of xs) out.push([z, y, x]);
  return out;
}

/** Copy a `size` patch starting at `start`; voxels outside the volume take `padValue`. */
export function extractPatch(volume: Volume, start: Triple, size: number | Triple, padValue = 0): Volume {
  const [pd, ph, pw] = triple(size);
  const [D, H, W] = volume.shape;
  const c = volume.channels;
  const out = allocate(volume.dtype, pd * ph * pw * c);
  if (padValue !== 0) out.fill(padValue);
  const x0 = Math.max(0, start[2]);
  const x1 = Math.min(W, start[2] + pw);
  for (let z = 0; z < pd; z++) {
    const sz = start[0] + z;
    if (sz < 0 || sz >= D) continue;
    for (let y = 0; y < ph; y++) {
      const sy = start[1] + y;
      if (sy < 0 || sy >= H || x1 <= x0) continue;
      const from = ((sz * H + sy) * W + x0) * c;
      const to = ((z * ph + y) * pw + (x0 - start[2])) * c;
      out.set(volume.data.subarray(from, from + (x1 - x0) * c) as never, to);
    }
  }
  return { data: out, shape: [pd, ph, pw], channels: c, dtype: volume.dtype };
}

const labelSamplerSchema = z
  .object({
    patchSize: z.union([
      z.number().int().positive(),
      z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
    ]),
    /** Relative chance of centring a patch on each label value (TorchIO's label_probabilities). */
    labelProbabilities: z.record(z.string(), z.number().min(0)).optional(),
    /** Shortcut: chance of centring on any non-zero label (the rest on background). Default 0.5. */
    foregroundRatio: z.number().min(0).max(1).optional(),
    seed: z.number().int().default(0),
  })
  .strict()
  .refine((s) => !(s.labelProbabilities && s.foregroundRatio !== undefined), {
    message: 'give labelProbabilities or foregroundRatio, not both',
  });

export type LabelSamplerOptions = z.input<typeof labelSamplerSchema>;

/**
 * Random patch starts weighted by label, as TorchIO's LabelSampler: pick a label with its
 * probability, then a voxel of that label uniformly, and centre the patch on it (only among
 * centres where the whole patch fits). The same seed gives the same sequence.
 */
export function* labelSampler(label: Volume, options: LabelSamplerOptions): Generator<Triple> {
  const s = parseOptions(labelSamplerSchema, options, 'label sampler');
  const size = triple(s.patchSize);
  const [D, H, W] = label.shape;
  if (size[0] > D || size[1] > H || size[2] > W)
    throw new RangeError(`patch ${size.join('x')} is larger than the volume ${label.shape.join('x')}`);
  const half = size.map((n) => Math.floor(n / 2)) as Triple;
  // Voxels whose patch fits, grouped by label value.
  const byLabel = new Map<number, number[]>();
  for (let z = half[0]; z <= D - size[0] + half[0]; z++) {
    for (let y = half[1]; y <= H - size[1] + half[1]; y++) {
      for (let x = half[2]; x <= W - size[2] + half[2]; x++) {
        const flat = (z * H + y) * W + x;
        const value = label.data[flat * label.channels]!;
        const list = byLabel.get(value);
        if (list) list.push(flat);
        else byLabel.set(value, [flat]);
      }
    }
  }
  const weights = new Map<number, number>();
  for (const value of byLabel.keys()) {
    let w: number;
    if (s.labelProbabilities) w = s.labelProbabilities[String(value)] ?? 0;
    else {
      const ratio = s.foregroundRatio ?? 0.5;
      const fgCount = [...byLabel.keys()].filter((v) => v !== 0).length;
      w = value === 0 ? 1 - ratio : fgCount ? ratio / fgCount : 0;
    }
    if (w > 0) weights.set(value, w);
  }
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  if (total === 0) throw new RangeError('no voxel with a label of non-zero probability lies where a patch fits');
  const random = seededRandom(s.seed);
  const classes = [...weights.entries()].sort((a, b) => a[0] - b[0]);
  while (true) {
    let pick = random() * total;
    let chosen = classes[classes.length - 1]![0];
    for (const [value, w] of classes) {
      if (pick < w) {
        chosen = value;
        break;
      }
      pick -= w;
    }
    const voxels = byLabel.get(chosen)!;
    const flat = voxels[Math.floor(random() * voxels.length)]!;
    const x = flat % W;
    const y = Math.floor(flat / W) % H;
    const z = Math.floor(flat / (W * H));
    yield [z - half[0], y - half[1], x - half[2]];
  }
}
