/**
 * Turning a recipe's SampleRef sources into pixels: 2D images and masks, volumes (stacked as
 * channels when a sample has several), NPZ items, whole-slide regions and rasterized polygons.
 */

import { coverage, rasterizePolygons } from './asap.ts';
import { DecodeError } from './errors.ts';
import { decodeImage } from './image.ts';
import { type Affine, niftiToVolume, readNifti, readNiftiHeader } from './nifti.ts';
import { type NpyArray, npyItem, readNpz } from './npz.ts';
import type { Volume } from './patches.ts';
import { applyChannels, type ChannelPolicy, type DecodedImage, type DType } from './pixels.ts';
import type { DecodePool } from './pool.ts';
import { decodePpm } from './ppm.ts';
import type { MaskEncoding, SampleRef, Source } from './recipes/recipe.ts';
import { openSlide, type Slide } from './wsi.ts';

/** A decoded source: a 2D image, or a volume with its voxel spacing ([D, H, W] order) and affine. */
export type Pixels =
  | { kind: '2d'; image: DecodedImage }
  | { kind: '3d'; volume: Volume; spacing?: number[]; affine?: Affine };

/** Caches shared by one loadDataset: NPZ archives (read once) and open slides (a few at a time). */
export class DecodeContext {
  /** With a DecodePool, plain image and NIfTI files decode in its worker threads. */
  constructor(readonly pool?: DecodePool) {}

  private readonly npz = new Map<string, Promise<Record<string, NpyArray>>>();
  private readonly slides = new Map<string, Promise<Slide>>();

  npzArrays(path: string): Promise<Record<string, NpyArray>> {
    let p = this.npz.get(path);
    if (!p) {
      p = readNpz(path);
      this.npz.set(path, p);
      p.catch(() => this.npz.delete(path));
    }
    return p;
  }

  slide(path: string): Promise<Slide> {
    let p = this.slides.get(path);
    if (!p) {
      // Keep at most four slides open: a tile stream visits slides one after another.
      if (this.slides.size >= 4) {
        const [oldest, open] = this.slides.entries().next().value!;
        this.slides.delete(oldest);
        open.then((s) => s.close()).catch(() => {});
      }
      p = openSlide(path);
      this.slides.set(path, p);
    } else {
      this.slides.delete(path);
      this.slides.set(path, p);
    }
    return p;
  }

  async close(): Promise<void> {
    const open = [...this.slides.values()];
    this.slides.clear();
    this.npz.clear();
    await Promise.all(open.map((p) => p.then((s) => s.close()).catch(() => {})));
  }
}

export const isNifti = (p: string) => /\.nii(\.gz)?$/i.test(p);

/** A NIfTI's voxel spacing along i, j, k in its volume's [D, H, W] order (1 where the header has none). */
export const volumeSpacing = ([si, sj, sk]: number[]): number[] => [sk ?? 1, sj ?? 1, si ?? 1];

const isPpm = (p: string) => /\.(ppm|pgm)(\.gz)?$/i.test(p);

export async function decodeSource(
  source: Source,
  ctx: DecodeContext,
  channels: ChannelPolicy = 'keep',
): Promise<Pixels> {
  switch (source.kind) {
    case 'file': {
      if (ctx.pool && !isPpm(source.path) && !source.fill) return decodeInPool(ctx.pool, source.path, channels);
      if (isNifti(source.path)) {
        const nifti = await readNifti(source.path);
        return {
          kind: '3d',
          volume: niftiToVolume(nifti),
          spacing: volumeSpacing(nifti.spacing),
          affine: nifti.affine,
        };
      }
      let image = isPpm(source.path) ? await decodePpm(source.path) : await decodeImage(source.path);
      if (source.fill) image = fillOutline(applyChannels(image, 1));
      return { kind: '2d', image: applyChannels(image, channels) };
    }
    case 'npy': {
      const arrays = await ctx.npzArrays(source.path);
      const array = arrays[source.key];
      if (!array) throw new DecodeError(source.path, 'image', `no array "${source.key}" in the archive`);
      return npyPixels(npyItem(array, source.index), channels);
    }
    case 'region':
    case 'labelRegion': {
      const slide = await ctx.slide(source.path);
      const image = await slide.readRegion(source.level, source.x, source.y, source.width, source.height);
      return {
        kind: '2d',
        image: source.kind === 'labelRegion' ? applyFirstChannel(image) : applyChannels(image, channels),
      };
    }
    case 'slide':
    case 'asap':
      throw new DecodeError(
        source.path,
        source.kind === 'slide' ? 'wsi' : 'image',
        'slides are streamed tile by tile (slideSamples)',
      );
    case 'polygons': {
      const data = rasterizePolygons(source.polygons, source.box);
      const width = Math.round(source.box.width / source.box.downsample);
      const height = Math.round(source.box.height / source.box.downsample);
      return { kind: '2d', image: { data, width, height, channels: 1, dtype: 'uint8' } };
    }
  }
}

/** Decode in a worker thread; NIfTI spacing and affine come from a header read here (no voxels). */
async function decodeInPool(pool: DecodePool, path: string, channels: ChannelPolicy): Promise<Pixels> {
  if (isNifti(path)) {
    const [decoded, header] = await Promise.all([pool.run({ kind: 'nifti', path }), readNiftiHeader(path)]);
    const [D, H, W, C] = decoded.shape as [number, number, number, number];
    return {
      kind: '3d',
      volume: { data: decoded.data, shape: [D, H, W], channels: C, dtype: decoded.dtype },
      spacing: volumeSpacing(header.pixdim),
      affine: header.affine,
    };
  }
  const options = channels === 'keep' ? {} : { channels };
  const decoded = await pool.run({ kind: 'image', path, options });
  const [height, width, c] = decoded.shape as [number, number, number];
  return { kind: '2d', image: { data: decoded.data, width, height, channels: c, dtype: decoded.dtype } };
}

/** MedMNIST items: [H, W] gray, [H, W, 3] colour, [D, H, W] volumes. */
function npyPixels(item: NpyArray, channels: ChannelPolicy): Pixels {
  const s = item.shape;
  if (s.length === 3 && s[2] === 3) {
    const image: DecodedImage = { data: item.data, width: s[1]!, height: s[0]!, channels: 3, dtype: item.dtype };
    return { kind: '2d', image: applyChannels(image, channels) };
  }
  if (s.length === 2) {
    const image: DecodedImage = { data: item.data, width: s[1]!, height: s[0]!, channels: 1, dtype: item.dtype };
    return { kind: '2d', image: applyChannels(image, channels) };
  }
  if (s.length === 3)
    return { kind: '3d', volume: { data: item.data, shape: [s[0]!, s[1]!, s[2]!], channels: 1, dtype: item.dtype } };
  throw new DecodeError('<npz>', 'image', `unsupported item shape [${s.join(', ')}]`);
}

function applyFirstChannel(image: DecodedImage): DecodedImage {
  if (image.channels === 1) return image;
  const n = image.width * image.height;
  const data = new Uint8Array(n);
  for (let p = 0; p < n; p++) data[p] = image.data[p * image.channels]!;
  return { data, width: image.width, height: image.height, channels: 1, dtype: 'uint8' };
}

/**
 * Fill a closed outline drawn on a blank image (HC18's ellipse annotations): on each row, every
 * pixel between the first and last outline pixel is set. Exact for convex outlines like ellipses.
 */
export function fillOutline(image: DecodedImage): DecodedImage {
  const { width, height } = image;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (image.data[y * width + x]! > 0) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first >= 0) data.fill(255, y * width + first, y * width + last + 1);
  }
  return { data, width, height, channels: 1, dtype: 'uint8' };
}

/** Several single-channel sources of one shape become the channels of one image or volume. */
export function stackChannels(parts: Pixels[], path: string): Pixels {
  if (parts.length === 1) return parts[0]!;
  const first = parts[0]!;
  const size = (p: Pixels) => (p.kind === '2d' ? p.image.data.length : p.volume.data.length);
  const n = size(first);
  for (const p of parts)
    if (p.kind !== first.kind || size(p) !== n)
      throw new DecodeError(path, first.kind === '3d' ? 'nifti' : 'image', 'channel files differ in shape');
  const C = parts.length;
  const out = new Float32Array(n * C);
  parts.forEach((p, c) => {
    const src = p.kind === '2d' ? p.image.data : p.volume.data;
    for (let v = 0; v < n; v++) out[v * C + c] = src[v]!;
  });
  if (first.kind === '2d') return { kind: '2d', image: { ...first.image, data: out, channels: C, dtype: 'float32' } };
  return { ...first, volume: { ...first.volume, data: out, channels: C, dtype: 'float32' } };
}

/** Several masks of one sample merged (maximum wins): BUSI's images with two or three lesions. */
export function mergeMasks(parts: Pixels[]): Pixels {
  if (parts.length === 1) return parts[0]!;
  const first = parts[0]!;
  const arrays = parts.map((p) => (p.kind === '2d' ? p.image.data : p.volume.data));
  const out = new Uint8Array(arrays[0]!.length);
  for (const a of arrays) for (let i = 0; i < out.length; i++) out[i] = Math.max(out[i]!, Number(a[i] ?? 0));
  if (first.kind === '2d') return { kind: '2d', image: { ...first.image, data: out, channels: 1, dtype: 'uint8' } };
  return { ...first, volume: { ...first.volume, data: out, channels: 1, dtype: 'uint8' } };
}

/** Mask values as class labels: 'binary' turns any non-zero value into 1 (0/255 PNG masks). */
export function maskToLabels(mask: Pixels, encoding: MaskEncoding): Pixels {
  const src = mask.kind === '2d' ? mask.image.data : mask.volume.data;
  const out = new Uint8Array(src.length);
  const channels = mask.kind === '2d' ? mask.image.channels : mask.volume.channels;
  // Colour masks: the first channel carries the label (PANDA's red channel; gray saved as RGB).
  const step = channels;
  const n = src.length / step;
  for (let i = 0; i < n; i++) {
    const v = Number(src[i * step]);
    out[i] = encoding === 'binary' ? (v > 0 ? 1 : 0) : encoding === 'threshold' ? (v >= 128 ? 1 : 0) : v;
  }
  const dtype: DType = 'uint8';
  if (mask.kind === '2d') return { kind: '2d', image: { ...mask.image, data: out.subarray(0, n), channels: 1, dtype } };
  return { ...mask, volume: { ...mask.volume, data: out.subarray(0, n), channels: 1, dtype } };
}

/** Decode a SampleRef's image and mask. */
export async function decodeSample(
  ref: SampleRef,
  ctx: DecodeContext,
  options: { channels?: ChannelPolicy; maskEncoding: MaskEncoding },
): Promise<{ image: Pixels; mask?: Pixels }> {
  const images = Array.isArray(ref.image) ? ref.image : [ref.image];
  const channelPolicy = images.length > 1 ? 'keep' : (options.channels ?? 'keep');
  const image = stackChannels(await Promise.all(images.map((s) => decodeSource(s, ctx, channelPolicy))), ref.path);
  const mask = await decodeMask(ref, ctx, options.maskEncoding);
  return mask ? { image, mask } : { image };
}

/** A SampleRef's mask (its parts merged) as labels, if it has one. */
export async function decodeMask(
  ref: SampleRef,
  ctx: DecodeContext,
  encoding: MaskEncoding,
): Promise<Pixels | undefined> {
  if (!ref.mask) return undefined;
  const masks = Array.isArray(ref.mask) ? ref.mask : [ref.mask];
  const decoded = await Promise.all(masks.map((s) => decodeSource(s, ctx)));
  return mergeMasks(decoded.map((m) => maskToLabels(m, encoding)));
}

export { coverage };
