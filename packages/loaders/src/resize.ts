import sharp from 'sharp';
import { z } from 'zod';
import { parseOptions } from './options.ts';
import type { Triple, Volume } from './patches.ts';
import { allocate, type DecodedImage, viewAs } from './pixels.ts';

const resizeSchema = z
  .object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** sharp's kernels; 'nearest' for masks and label maps, so no new label values appear. */
    kernel: z.enum(['nearest', 'linear', 'cubic', 'mitchell', 'lanczos2', 'lanczos3']).default('lanczos3'),
  })
  .strict();

export type ResizeOptions = z.input<typeof resizeSchema>;

const SPACES: Record<string, Record<number, 'b-w' | 'srgb' | 'grey16' | 'rgb16'>> = {
  uint8: { 1: 'b-w', 2: 'b-w', 3: 'srgb', 4: 'srgb' },
  uint16: { 1: 'grey16', 2: 'grey16', 3: 'rgb16', 4: 'rgb16' },
};

/**
 * Resize a 2D image. 8- and 16-bit images go through sharp (libvips, with the kernel asked for);
 * other sample types (float, signed) through a bilinear or nearest resize here, as libvips would
 * otherwise treat them as colour data.
 */
export async function resizeImage(image: DecodedImage, options: ResizeOptions): Promise<DecodedImage> {
  const { width, height, kernel } = parseOptions(resizeSchema, options, 'resize');
  const space = SPACES[image.dtype]?.[image.channels];
  if (!space) return resize2d(image, width, height, kernel === 'nearest' ? 'nearest' : 'linear');
  const data = await sharp(image.data as Uint8Array, {
    raw: { width: image.width, height: image.height, channels: image.channels as 1 },
  })
    .resize(width, height, { fit: 'fill', kernel })
    .toColourspace(space)
    .raw({ depth: image.dtype === 'uint8' ? 'uchar' : 'ushort' })
    .toBuffer();
  return { data: viewAs(image.dtype, data), width, height, channels: image.channels, dtype: image.dtype };
}

/** Source coordinate of output index `o` with half-pixel centres (align_corners = false). */
const source = (o: number, scale: number) => (o + 0.5) * scale - 0.5;

function resize2d(image: DecodedImage, width: number, height: number, mode: 'nearest' | 'linear'): DecodedImage {
  const vol: Volume = {
    data: image.data,
    shape: [1, image.height, image.width],
    channels: image.channels,
    dtype: image.dtype,
  };
  const out = resizeVolume(vol, [1, height, width], { mode });
  return { data: out.data, width, height, channels: image.channels, dtype: out.dtype };
}

/**
 * Resize a `[D, H, W, C]` volume: trilinear for intensities (output float32), nearest for label
 * maps (output keeps the input type, so labels stay labels).
 */
export function resizeVolume(
  volume: Volume,
  shape: Triple,
  options: { mode?: 'trilinear' | 'linear' | 'nearest' } = {},
): Volume {
  const mode = options.mode ?? 'trilinear';
  const [D, H, W] = volume.shape;
  const [d, h, w] = shape;
  const c = volume.channels;
  const src = volume.data;
  const scale = [D / d, H / h, W / w];
  if (mode === 'nearest') {
    const out = allocate(volume.dtype, d * h * w * c);
    const zi = Array.from({ length: d }, (_, o) => Math.min(D - 1, Math.floor((o + 0.5) * scale[0]!)));
    const yi = Array.from({ length: h }, (_, o) => Math.min(H - 1, Math.floor((o + 0.5) * scale[1]!)));
    const xi = Array.from({ length: w }, (_, o) => Math.min(W - 1, Math.floor((o + 0.5) * scale[2]!)));
    let k = 0;
    for (let z = 0; z < d; z++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const s = ((zi[z]! * H + yi[y]!) * W + xi[x]!) * c;
          for (let ch = 0; ch < c; ch++) out[k++] = src[s + ch]!;
        }
    return { data: out, shape, channels: c, dtype: volume.dtype };
  }
  // Per-axis neighbour indices and weights, computed once.
  const axis = (n: number, N: number, f: number) =>
    Array.from({ length: n }, (_, o) => {
      const p = Math.min(N - 1, Math.max(0, source(o, f)));
      const i0 = Math.floor(p);
      const i1 = Math.min(N - 1, i0 + 1);
      return [i0, i1, p - i0] as const;
    });
  const az = axis(d, D, scale[0]!);
  const ay = axis(h, H, scale[1]!);
  const ax = axis(w, W, scale[2]!);
  const out = new Float32Array(d * h * w * c);
  let k = 0;
  const at = (z: number, y: number, x: number, ch: number) => src[((z * H + y) * W + x) * c + ch]!;
  for (const [z0, z1, tz] of az)
    for (const [y0, y1, ty] of ay)
      for (const [x0, x1, tx] of ax)
        for (let ch = 0; ch < c; ch++) {
          const c00 = at(z0, y0, x0, ch) * (1 - tx) + at(z0, y0, x1, ch) * tx;
          const c01 = at(z0, y1, x0, ch) * (1 - tx) + at(z0, y1, x1, ch) * tx;
          const c10 = at(z1, y0, x0, ch) * (1 - tx) + at(z1, y0, x1, ch) * tx;
          const c11 = at(z1, y1, x0, ch) * (1 - tx) + at(z1, y1, x1, ch) * tx;
          out[k++] = (c00 * (1 - ty) + c01 * ty) * (1 - tz) + (c10 * (1 - ty) + c11 * ty) * tz;
        }
  return { data: out, shape, channels: c, dtype: 'float32' };
}

/**
 * Resample a volume from its voxel spacing to a target spacing (both `[D, H, W]` order, e.g. mm),
 * keeping its physical extent. Returns the new volume and the spacing it actually has after rounding.
 */
export function resampleToSpacing(
  volume: Volume,
  spacing: Triple,
  target: Triple,
  options: { mode?: 'trilinear' | 'nearest' } = {},
): { volume: Volume; spacing: Triple } {
  const shape = volume.shape.map((n, k) => Math.max(1, Math.round((n * spacing[k]!) / target[k]!))) as Triple;
  const actual = volume.shape.map((n, k) => (n * spacing[k]!) / shape[k]!) as Triple;
  return { volume: resizeVolume(volume, shape, options), spacing: actual };
}
