import { type Dataset as CatalogDataset, getDataset, resolveAlias } from '@medsets/catalog';
import type { TensorContainer } from '@tensorflow/tfjs-core';
import type * as tfd from '@tensorflow/tfjs-data';
import { z } from 'zod';
import { type BackendChoice, initBackend, tf } from './backend.ts';
import { Dataset } from './dataset.ts';
import { ensureDataset } from './download/cache.ts';
import type { ProgressListener } from './download/progress.ts';
import { LoaderOptionsError } from './errors.ts';
import type { Affine } from './nifti.ts';
import { readNiftiTensor } from './nifti-tensor.ts';
import { normalizationSchema } from './normalize.ts';
import { parseOptions } from './options.ts';
import { extractPatch, labelSampler, patchGrid, type Triple, type Volume } from './patches.ts';
import { applyChannels, type DecodedImage } from './pixels.ts';
import { DecodePool } from './pool.ts';
import { infoOf, type MaskEncoding, type Recipe, type RecipeInfo, type SampleRef } from './recipes/recipe.ts';
import { findRecipe } from './recipes/registry.ts';
import { resampleToSpacing, resizeImage, resizeVolume } from './resize.ts';
import { DecodeContext, decodeMask, decodeSample, isNifti, type Pixels, volumeSpacing } from './sample-decode.ts';
import { type SlideTileOptions, slideSamples } from './slide-samples.ts';
import { assignSplits, DEFAULT_FRACTIONS, SPLITS, type SplitName, shardOf } from './splits.ts';
import { imageToTensor, labelsToTensor, volumeToTensor } from './tensor.ts';
import { toTfDataset } from './tfdata.ts';
import { extractTile, type TileSpec, tiles } from './tiling.ts';

const fractionsSchema = z
  .object({ train: z.number().min(0), val: z.number().min(0), test: z.number().min(0) })
  .strict()
  .refine((f) => f.train + f.val + f.test > 0, { message: 'fractions must add up to more than 0' });

const loadOptionsSchema = z
  .object({
    /** An existing copy of the dataset on disk (overrides the cache). */
    root: z.string().min(1).optional(),
    /** `'if-missing'` downloads datasets that have direct URLs into the cache. */
    download: z.union([z.literal(false), z.literal('if-missing')]).default(false),
    /** A recipe variant: MedMNIST subset, MSD task, ISIC task (also `'id/config'`). */
    config: z.string().min(1).optional(),
    /** Which split to stream; 'all' streams every sample. */
    split: z.enum(['train', 'val', 'test', 'all']).default('all'),
    /** Fractions for datasets without an official split (or whose split lacks val/test). */
    fractions: fractionsSchema.optional(),
    seed: z.number().int().default(0),
    /** Shuffle every epoch (seeded); default: on for train, off otherwise. */
    shuffle: z.boolean().optional(),
    /** Resize to `[H, W]` (2D) or `[D, H, W]` (3D); masks use nearest neighbour. */
    size: z.array(z.number().int().positive()).min(2).max(3).optional(),
    /** Resample volumes to this voxel spacing `[D, H, W]` (mm) before `size`. */
    spacing: z.array(z.number().positive()).length(3).optional(),
    channels: z.union([z.literal(1), z.literal(3), z.literal(4), z.literal('keep')]).default('keep'),
    normalize: normalizationSchema.optional(),
    /** Cut 2D images into tiles (the engine's tile spec); for slides, the slide tiling (size, level or magnification, minTissue). */
    tile: z.custom<TileSpec | SlideTileOptions>((v) => typeof v === 'object' && v !== null).optional(),
    /** Cut volumes into patches: a grid, or `samples` label-weighted random patches per volume. */
    patch: z
      .object({
        size: z.union([z.number().int().positive(), z.array(z.number().int().positive()).length(3)]),
        stride: z.union([z.number().int().positive(), z.array(z.number().int().positive()).length(3)]).optional(),
        samples: z.number().int().positive().optional(),
        foregroundRatio: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
    batchSize: z.number().int().positive().optional(),
    /** Samples decoded at once (the in-flight window). */
    workers: z.number().int().positive().max(64).default(2),
    /** Decode image and NIfTI files in this worker pool (the caller owns it and destroys it). */
    pool: z.custom<DecodePool>((v) => v instanceof DecodePool).optional(),
    /** This worker's part of a multi-worker or multi-node job: disjoint, deterministic, complete. */
    shard: z
      .object({ index: z.number().int().min(0), count: z.number().int().positive() })
      .strict()
      .refine((s) => s.index < s.count, { message: 'shard.index must be below shard.count' })
      .optional(),
    backend: z.enum(['auto', 'node-gpu', 'node', 'wasm', 'cpu']).optional(),
    onProgress: z.custom<ProgressListener>((v) => typeof v === 'function').optional(),
  })
  .strict();

export type LoadDatasetOptions = z.input<typeof loadOptionsSchema>;
type Options = z.output<typeof loadOptionsSchema>;

export interface SampleMeta {
  id: string;
  patientId?: string;
  path: string;
  split: SplitName;
  spacing?: number[];
  affine?: Affine;
  /** Position of a tile or patch in its image (`[y, x]` or `[z, y, x]`). */
  origin?: number[];
  extra?: Record<string, string | number>;
}

/** One sample: image `[H, W, C]` or `[D, H, W, C]` float32, mask the same with int32 labels, label int32. */
export interface Sample {
  image: tf.Tensor;
  mask?: tf.Tensor;
  label?: tf.Tensor;
  meta: SampleMeta;
}

/** A batch: tensors with a leading N, metas in order. */
export interface Batch {
  image: tf.Tensor;
  mask?: tf.Tensor;
  label?: tf.Tensor;
  meta: SampleMeta[];
}

export interface DatasetInfo extends RecipeInfo {
  id: string;
  recipe: string;
  config?: string;
  root: string;
  split: SplitName | 'all';
  /** Samples per split (before tiling, after sharding only for `shard`). */
  counts: Record<SplitName, number>;
  /** Samples this dataset streams (before tiles or patches). */
  size: number;
  catalog?: { id: string; name: string };
  /** The dataset's layout on disk, as the recipe describes it. */
  layout: string;
}

/** The dataset loadDataset returns: a lazy medsets Dataset plus `info` and `tf()`. */
export class LoadedDataset<T extends Sample | Batch> extends Dataset<T> {
  constructor(
    private readonly inner: Dataset<T>,
    readonly info: DatasetInfo,
    readonly refs: readonly SampleRef[],
  ) {
    super(() => inner[Symbol.asyncIterator]());
  }

  /**
   * A `tf.data.Dataset` of `{ xs, ys }` for `model.fitDataset`: ys is the mask (float32, segmentation)
   * or the label (one-hot float32 for classification, multi-hot for multi-label).
   */
  tf(options: { target?: 'mask' | 'label'; oneHot?: boolean } = {}): tfd.Dataset<TensorContainer> {
    const target = options.target ?? (this.info.task === 'segmentation' ? 'mask' : 'label');
    const classes = this.info.classes.length;
    const oneHot = options.oneHot ?? (target === 'label' && this.info.task !== 'multilabel');
    const mapped = this.inner.map((s) => {
      const y = target === 'mask' ? s.mask : s.label;
      if (!y) throw new LoaderOptionsError(`${this.info.id} samples have no ${target}`);
      const ys = tf.tidy(() =>
        target === 'label' && oneHot
          ? tf.cast(tf.oneHot(tf.cast(y, 'int32') as tf.Tensor1D, classes), 'float32')
          : tf.cast(y, 'float32'),
      );
      const xs = s.image;
      s.mask?.dispose();
      s.label?.dispose();
      return { xs, ys } as TensorContainer;
    });
    return toTfDataset(mapped);
  }
}

/**
 * Load a catalogued dataset (by id or any alias, any case) or a recipe object: find its files,
 * split them without patient leakage, and stream decoded, resized, normalized tensors.
 *
 *   const ds = await loadDataset('BUSI', { split: 'train', size: [256, 256], batchSize: 16 });
 *   await model.fitDataset(ds.tf(), { epochs: 10 });
 */
export async function loadDataset(
  idOrRecipe: string | Recipe,
  options?: LoadDatasetOptions,
): Promise<LoadedDataset<Sample | Batch>> {
  const opts = parseOptions(loadOptionsSchema, options, 'loadDataset');
  const { recipe, config, catalog } = await resolveRecipe(idOrRecipe, opts.config);
  if (recipe.configs && config && !recipe.configs.includes(config))
    throw new LoaderOptionsError(`${recipe.id} has no config "${config}"; choose one of ${recipe.configs.join(', ')}`);
  if (opts.backend) await initBackend({ backend: opts.backend as BackendChoice | 'auto' });
  const root = await ensureDataset(recipe, {
    root: opts.root,
    download: opts.download,
    config,
    onProgress: opts.onProgress,
  });
  const refs = await recipe.listSamples(root, config);
  // After listing: generic recipes learn their classes from the files.
  const info = infoOf(recipe, config);
  validateShape(opts, info);
  const split = assignSplits(
    refs.map((r) => ({ ...r, group: r.group ?? r.patientId })),
    { seed: opts.seed, fractions: opts.fractions ?? recipe.split.fractions ?? DEFAULT_FRACTIONS },
  );
  const splitOf = new Map<string, SplitName>();
  for (const name of SPLITS) for (const r of split[name]) splitOf.set(r.id, name);
  const chosen = opts.split === 'all' ? SPLITS.flatMap((n) => split[n]) : split[opts.split];
  const mine = opts.shard ? shardOf(chosen, opts.shard) : chosen;
  const shuffle = opts.shuffle ?? opts.split === 'train';
  const ctx = new DecodeContext(opts.pool);
  const encoding = info.maskEncoding ?? (info.dimensionality === '3d' ? 'labels' : 'binary');
  const ordered = Dataset.from(mine).shuffle(Math.max(1, shuffle ? mine.length : 1), opts.seed);
  const stream: Dataset<Sample> =
    info.dimensionality === 'slide'
      ? slideStream(ordered, splitOf, ctx, opts, info)
      : flatten(
          ordered.map(
            async (ref) => {
              const direct = directNifti(ref, opts);
              if (direct) return [await niftiSample(ref, splitOf.get(ref.id)!, direct, ctx, encoding, opts)];
              return expand(
                ref,
                splitOf.get(ref.id)!,
                await decodeSample(ref, ctx, { channels: opts.channels, maskEncoding: encoding }),
                opts,
              );
            },
            { concurrency: opts.workers },
          ),
        );
  const counts = { train: split.train.length, val: split.val.length, test: split.test.length };
  const dsInfo: DatasetInfo = {
    ...info,
    id: catalog?.id ?? recipe.id,
    recipe: recipe.id,
    config,
    root,
    split: opts.split,
    counts,
    size: mine.length,
    catalog: catalog ? { id: catalog.id, name: catalog.name } : undefined,
    layout: recipe.layout,
  };
  if (!opts.batchSize) return new LoadedDataset<Sample>(stream, dsInfo, mine);
  const batched = stream.batch(opts.batchSize).map(stackSamples);
  return new LoadedDataset<Batch>(batched, dsInfo, mine) as unknown as LoadedDataset<Sample | Batch>;
}

export async function resolveRecipe(
  idOrRecipe: string | Recipe,
  configOption: string | undefined,
): Promise<{ recipe: Recipe; config?: string; catalog?: CatalogDataset }> {
  if (typeof idOrRecipe !== 'string') return { recipe: idOrRecipe, config: configOption ?? idOrRecipe.configs?.[0] };
  // 'medmnist-v2/pathmnist' names a config; catalog aliases never contain a slash followed by a config.
  const slash = idOrRecipe.lastIndexOf('/');
  const whole = slash <= 0 || !!(await findRecipe(idOrRecipe.toLowerCase())) || !!resolveAlias(idOrRecipe);
  const [name, inlineConfig] = (
    !whole ? [idOrRecipe.slice(0, slash), idOrRecipe.slice(slash + 1)] : [idOrRecipe, undefined]
  ) as [string, string | undefined];
  const config = inlineConfig ?? configOption;
  // Generic recipes and recipe ids are tried first; everything else goes through the catalog,
  // whose DatasetNotFoundError carries the closest ids.
  const direct = await findRecipe(name.toLowerCase());
  const catalog = direct ? (resolveAlias(name) ?? tryCatalog(direct.catalogIds[0])) : getDataset(name);
  const recipe = direct ?? (catalog ? await findRecipe(catalog.id) : undefined);
  if (!recipe) {
    throw new LoaderOptionsError(
      `${catalog?.name ?? name} is in the catalog but has no recipe yet; load it with a generic recipe (imageFolder, imageMaskPairs, csvManifest, msdJson)`,
    );
  }
  const implied = catalog ? recipe.configFor?.(catalog.id) : undefined;
  return { recipe, config: config ?? implied ?? recipe.configs?.[0], catalog };
}

function tryCatalog(id: string | undefined): CatalogDataset | undefined {
  if (!id) return undefined;
  try {
    return getDataset(id);
  } catch {
    return undefined;
  }
}

function validateShape(opts: Options, info: RecipeInfo): void {
  const want = info.dimensionality === '3d' ? 3 : 2;
  if (opts.size && opts.size.length !== want && info.dimensionality !== '3d')
    throw new LoaderOptionsError(`size must be [H, W] for 2D data, got [${opts.size.join(', ')}]`);
  if (opts.spacing && info.dimensionality !== '3d') throw new LoaderOptionsError('spacing applies to volumes only');
  if (opts.patch && info.dimensionality !== '3d')
    throw new LoaderOptionsError('patch applies to volumes; use tile for 2D');
  if (opts.tile && info.dimensionality === '3d')
    throw new LoaderOptionsError('tile applies to 2D images; use patch for volumes');
}

/** Slides become tiles one slide at a time, so memory stays at one tile whatever the slide size. */
function slideStream(
  refs: Dataset<SampleRef>,
  splitOf: Map<string, SplitName>,
  ctx: DecodeContext,
  opts: Options,
  info: RecipeInfo,
): Dataset<Sample> {
  return new Dataset<Sample>(async function* () {
    try {
      yield* slideTiles(refs, splitOf, ctx, opts, info);
    } finally {
      // Each epoch reopens what it needs; file handles do not outlive the iteration.
      await ctx.close();
    }
  } as () => AsyncGenerator<Sample>);
}

async function* slideTiles(
  refs: Dataset<SampleRef>,
  splitOf: Map<string, SplitName>,
  ctx: DecodeContext,
  opts: Options,
  info: RecipeInfo,
): AsyncGenerator<Sample> {
  for await (const ref of refs) {
    for await (const t of slideSamples(ref, ctx, opts.tile as SlideTileOptions | undefined, info.task)) {
      const meta: SampleMeta = {
        id: `${ref.id}@${t.origin[1]},${t.origin[0]}`,
        path: ref.path,
        split: splitOf.get(ref.id)!,
        origin: t.origin,
      };
      if (ref.patientId) meta.patientId = ref.patientId;
      meta.extra = { ...ref.extra, slide: ref.id, tissue: Number(t.tissue.toFixed(3)) };
      const label = t.label === undefined ? undefined : tf.scalar(t.label, 'int32');
      let image = t.image;
      if (opts.size)
        image = await resizeImage(image, { width: opts.size[1]!, height: opts.size[0]!, kernel: 'lanczos3' });
      let mask = t.mask;
      if (mask && opts.size)
        mask = await resizeImage(mask, { width: opts.size[1]!, height: opts.size[0]!, kernel: 'nearest' });
      yield make2d(image, mask, label, meta, opts);
    }
  }
}

function flatten<T>(ds: Dataset<T[]>): Dataset<T> {
  return new Dataset<T>(async function* () {
    for await (const parts of ds) yield* parts;
  } as () => AsyncGenerator<T>);
}

/** A sample's metadata from its SampleRef, and its label as a fresh tensor per call. */
function sampleBasics(
  ref: SampleRef,
  split: SplitName,
): { meta: SampleMeta; labelTensor: () => tf.Tensor | undefined } {
  const label = ref.label === undefined ? undefined : Array.isArray(ref.label) ? ref.label : [ref.label];
  const meta: SampleMeta = { id: ref.id, path: ref.path, split };
  if (ref.patientId) meta.patientId = ref.patientId;
  if (ref.extra) meta.extra = ref.extra;
  if (ref.spacing) meta.spacing = ref.spacing;
  const labelTensor = () =>
    label ? (label.length === 1 ? tf.scalar(label[0]!, 'int32') : tf.tensor1d(label, 'int32')) : undefined;
  return { meta, labelTensor };
}

/**
 * The NIfTI file of a sample whose volume is used as stored (one file, decoded on this thread,
 * not resampled, resized or cut into patches): it is read straight into its tensor.
 */
function directNifti(ref: SampleRef, opts: Options): string | undefined {
  if (opts.pool || opts.spacing || opts.size || opts.patch || Array.isArray(ref.image)) return undefined;
  const source = ref.image;
  return source.kind === 'file' && !source.fill && isNifti(source.path) ? source.path : undefined;
}

async function niftiSample(
  ref: SampleRef,
  split: SplitName,
  path: string,
  ctx: DecodeContext,
  encoding: MaskEncoding,
  opts: Options,
): Promise<Sample> {
  const { meta, labelTensor } = sampleBasics(ref, split);
  const [read, mask] = await Promise.allSettled([
    readNiftiTensor(path, undefined, opts.normalize ?? 'none'),
    decodeMask(ref, ctx, encoding),
  ]);
  if (read.status === 'rejected') throw read.reason;
  if (mask.status === 'rejected') {
    read.value.tensor.dispose();
    throw mask.reason;
  }
  const { tensor, spacing, affine } = read.value;
  const volMeta: SampleMeta = { ...meta, spacing: volumeSpacing(spacing), affine };
  return make3d(tensor, mask.value?.kind === '3d' ? mask.value.volume : undefined, labelTensor(), volMeta);
}

/** Decoded pixels → one or more tensor samples (several when tiling or patching). */
async function expand(
  ref: SampleRef,
  split: SplitName,
  px: { image: Pixels; mask?: Pixels },
  opts: Options,
): Promise<Sample[]> {
  const { meta, labelTensor } = sampleBasics(ref, split);
  if (px.image.kind === '2d') {
    let image = px.image.image;
    let mask = px.mask?.kind === '2d' ? px.mask.image : undefined;
    if (opts.size) {
      const [height, width] = opts.size as [number, number];
      image = await resizeImage(image, { width, height, kernel: 'lanczos3' });
      if (mask) mask = await resizeImage(mask, { width, height, kernel: 'nearest' });
    } else if (mask && (mask.width !== image.width || mask.height !== image.height)) {
      mask = await resizeImage(mask, { width: image.width, height: image.height, kernel: 'nearest' });
    }
    if (opts.tile) {
      const out: Sample[] = [];
      const spec = opts.tile as TileSpec;
      for (const { coord, tile } of tiles(image, spec)) {
        const m = mask ? extractTile(mask, coord, { ...spec, padValue: 0, padMode: 'constant' }) : undefined;
        out.push(make2d(tile, m, labelTensor(), { ...meta, origin: [coord.y, coord.x] }, opts));
      }
      return out;
    }
    return [make2d(image, mask, labelTensor(), meta, opts)];
  }
  let { volume } = px.image;
  let mask = px.mask?.kind === '3d' ? px.mask.volume : undefined;
  let spacing = px.image.spacing;
  if (opts.spacing && spacing) {
    const target = opts.spacing as Triple;
    const resampled = resampleToSpacing(volume, spacing as Triple, target);
    if (mask) mask = resampleToSpacing(mask, spacing as Triple, target, { mode: 'nearest' }).volume;
    volume = resampled.volume;
    spacing = resampled.spacing;
  }
  if (opts.size) {
    const shape = opts.size as Triple;
    volume = resizeVolume(volume, shape, { mode: 'trilinear' });
    if (mask) mask = resizeVolume(mask, shape, { mode: 'nearest' });
  }
  const volMeta: SampleMeta = { ...meta, spacing, affine: px.image.affine };
  if (!spacing) delete volMeta.spacing;
  if (!px.image.affine) delete volMeta.affine;
  if (opts.patch) {
    const size = (
      typeof opts.patch.size === 'number' ? [opts.patch.size, opts.patch.size, opts.patch.size] : opts.patch.size
    ) as Triple;
    let starts: Triple[];
    if (opts.patch.samples) {
      const sampler = labelSampler(
        mask ?? { ...volume, channels: 1, data: new Uint8Array(volume.shape[0] * volume.shape[1] * volume.shape[2]) },
        {
          patchSize: size,
          foregroundRatio: mask ? (opts.patch.foregroundRatio ?? 0.5) : 0,
          seed: opts.seed + hash(ref.id),
        },
      );
      starts = Array.from({ length: opts.patch.samples }, () => sampler.next().value as Triple);
    } else {
      starts = patchGrid(volume.shape, size, opts.patch.stride as number | Triple | undefined);
    }
    return starts.map((start) =>
      make3d(
        volumeToTensor(extractPatch(volume, start, size), opts.normalize ?? 'none'),
        mask ? extractPatch(mask, start, size) : undefined,
        labelTensor(),
        { ...volMeta, origin: start },
      ),
    );
  }
  return [make3d(volumeToTensor(volume, opts.normalize ?? 'none'), mask, labelTensor(), volMeta)];
}

function make2d(
  image: DecodedImage,
  mask: DecodedImage | undefined,
  label: tf.Tensor | undefined,
  meta: SampleMeta,
  opts: Options,
): Sample {
  const img =
    opts.channels === 'keep' || image.channels === opts.channels ? image : applyChannels(image, opts.channels);
  const sample: Sample = { image: imageToTensor(img, opts.normalize), meta };
  if (mask) sample.mask = labelsToTensor(mask);
  if (label) sample.label = label;
  return sample;
}

function make3d(image: tf.Tensor4D, mask: Volume | undefined, label: tf.Tensor | undefined, meta: SampleMeta): Sample {
  const sample: Sample = { image, meta };
  if (mask) sample.mask = labelsToTensor(mask);
  if (label) sample.label = label;
  return sample;
}

/** Stack samples into a batch and dispose the per-sample tensors. */
function stackSamples(samples: Sample[]): Batch {
  const batch: Batch = { image: tf.stack(samples.map((s) => s.image)), meta: samples.map((s) => s.meta) };
  if (samples.every((s) => s.mask)) batch.mask = tf.stack(samples.map((s) => s.mask!));
  if (samples.every((s) => s.label)) batch.label = tf.stack(samples.map((s) => s.label!));
  for (const s of samples) {
    s.image.dispose();
    s.mask?.dispose();
    s.label?.dispose();
  }
  return batch;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
