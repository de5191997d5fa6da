/**
 * Puts per-tile or per-patch predictions back into one image or volume, averaging where they
 * overlap, so inference can run tile by tile over a slide or a CT. Works for `[H, W, C]`
 * (spatial `[H, W]`) and `[D, H, W, C]` (spatial `[D, H, W]`).
 */
export class Stitcher {
  private readonly sum: Float32Array;
  private readonly weight: Float32Array;
  readonly strides: number[];

  constructor(
    readonly shape: number[],
    readonly channels = 1,
  ) {
    if (shape.length < 2 || shape.length > 3) throw new RangeError('shape must be [H, W] or [D, H, W]');
    const voxels = shape.reduce((a, b) => a * b, 1);
    this.sum = new Float32Array(voxels * channels);
    this.weight = new Float32Array(voxels);
    this.strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  }

  /**
   * Add a patch of `size` (same rank as the shape) whose corner is at `start`; parts outside are
   * ignored. `weights` (one per patch voxel), e.g. from `gaussianWeights`, down-weights patch borders.
   */
  add(patch: ArrayLike<number>, start: number[], size: number[], weights?: ArrayLike<number>): void {
    const c = this.channels;
    const n = size.reduce((a, b) => a * b, 1);
    if (patch.length !== n * c)
      throw new RangeError(`patch holds ${patch.length} values, size ${size.join('x')}x${c} needs ${n * c}`);
    const rank = size.length;
    const index = new Array<number>(rank).fill(0);
    for (let p = 0; p < n; p++) {
      let flat = 0;
      let inside = true;
      for (let k = 0; k < rank; k++) {
        const at = start[k]! + index[k]!;
        if (at < 0 || at >= this.shape[k]!) {
          inside = false;
          break;
        }
        flat += at * this.strides[k]!;
      }
      if (inside) {
        const w = weights ? weights[p]! : 1;
        this.weight[flat]! += w;
        for (let ch = 0; ch < c; ch++) this.sum[flat * c + ch]! += patch[p * c + ch]! * w;
      }
      for (let k = rank - 1; k >= 0; k--) {
        if (++index[k]! < size[k]!) break;
        index[k] = 0;
      }
    }
  }

  /** The averaged result, `[...shape, C]`; voxels no patch covered are 0. */
  result(): Float32Array {
    const out = new Float32Array(this.sum.length);
    const c = this.channels;
    for (let v = 0; v < this.weight.length; v++) {
      const w = this.weight[v]!;
      if (w > 0) for (let ch = 0; ch < c; ch++) out[v * c + ch] = this.sum[v * c + ch]! / w;
    }
    return out;
  }

  /** How many (weighted) patches covered each voxel. */
  coverage(): Float32Array {
    return this.weight.slice();
  }
}

/** Gaussian importance map over a patch (sigma = size/8, as nnU-Net), to soften seams between patches. */
export function gaussianWeights(size: number[], sigmaScale = 1 / 8): Float32Array {
  const n = size.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const rank = size.length;
  const index = new Array<number>(rank).fill(0);
  for (let p = 0; p < n; p++) {
    let e = 0;
    for (let k = 0; k < rank; k++) {
      const centre = (size[k]! - 1) / 2;
      const sigma = size[k]! * sigmaScale;
      e += ((index[k]! - centre) / sigma) ** 2;
    }
    out[p] = Math.max(Math.exp(-e / 2), 1e-4);
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k]! < size[k]!) break;
      index[k] = 0;
    }
  }
  return out;
}
