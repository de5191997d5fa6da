import type { FileFormat } from '@medsets/catalog';
import type { SplitFractions, SplitName } from '../splits.ts';

/**
 * Where a sample's pixels come from. Paths are absolute (listSamples joins them to the root).
 * - `file`: PNG/JPEG/GIF/TIFF/BMP, PPM (optionally gzipped), or NIfTI (`.nii`, `.nii.gz`): a 2D
 *   image or a volume; `fill` fills a closed outline (HC18's ellipse annotations) row by row.
 * - `npy`: element `index` of array `key` in a NumPy `.npz` (MedMNIST).
 * - `region`: a box of a whole-slide image at `level`, in that level's pixels.
 * - `polygons`: polygon annotations (level-0 coordinates) rasterized into the box of a region.
 * - `labelRegion`: the same box read from a label-mask slide (PANDA), first channel kept.
 */
export type Source =
  | { kind: 'file'; path: string; fill?: boolean }
  | { kind: 'npy'; path: string; key: string; index: number }
  | { kind: 'region'; path: string; level: number; x: number; y: number; width: number; height: number }
  | { kind: 'polygons'; polygons: Polygon[]; box: Box; value?: number }
  | { kind: 'labelRegion'; path: string; level: number; x: number; y: number; width: number; height: number }
  /** A whole-slide image (pyramidal TIFF, SVS): loadDataset streams its tiles. */
  | { kind: 'slide'; path: string }
  /** ASAP XML polygon annotations of a slide (CAMELYON), rasterized per tile. */
  | { kind: 'asap'; path: string; exclude?: string[] };

/** A polygon in level-0 pixel coordinates, with the class value it paints. */
export interface Polygon {
  points: [number, number][];
  value: number;
  /** Holes (ASAP's "_2" exclusion group) paint 0 over tumour. */
  hole?: boolean;
}

/** A level-0 box, with the downsample of the level it is read at. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  downsample: number;
}

/** One sample as a recipe lists it: where its image, mask and label come from. */
export interface SampleRef {
  /** Unique within the dataset (usually the file stem). */
  id: string;
  /** Several sources are stacked as channels (BraTS's four modalities). */
  image: Source | Source[];
  /** Several sources are merged, maximum wins (BUSI's several masks per image). */
  mask?: Source | Source[];
  /** A class index, or a multi-hot vector for multi-label datasets. */
  label?: number | number[];
  /** Patient, lesion or case id: samples of one group never land in two splits. */
  patientId?: string;
  group?: string;
  /** The dataset's own split. */
  split?: SplitName;
  /** The file a user would open for this sample (shown in meta.path). */
  path: string;
  spacing?: number[];
  /** Extra per-sample facts (e.g. HC18's head circumference, PANDA's Gleason score). */
  extra?: Record<string, string | number>;
}

/** How a dataset's files are obtained. */
export type Access =
  | {
      kind: 'direct';
      files: RemoteFile[];
      /** The page the URLs were taken from. */
      page: string;
    }
  | {
      kind: 'manual';
      /** Where to register or request the data. */
      where: string;
      /** Which files to fetch, as the distribution names them. */
      files: string[];
      note?: string;
    };

export interface RemoteFile {
  url: string;
  /** File name in the download cache. */
  file: string;
  /** Unpack into the dataset folder (zip, tar, tar.gz); otherwise copied as is. */
  extract: boolean;
}

/** What a fixture generator wrote, for the harness to check against. */
export interface FixtureInfo {
  /** Samples listSamples must find. */
  samples: number;
  /** Samples per official split, when the dataset has one. */
  splits?: Partial<Record<SplitName, number>>;
  /** Items loadDataset streams per listed sample (whole-slide recipes list slides, stream tiles). */
  tilesPerSample?: number;
  /** Slide tiling the harness passes to loadDataset for this fixture. */
  tile?: { size: number; level: number; minTissue: number };
}

/**
 * How mask files encode classes: 'binary' (any non-zero is 1: 0/255 PNGs), 'threshold' (≥ 128 is 1:
 * JPEG masks, whose compression blurs the edges), or 'labels' (values are class indices).
 */
export type MaskEncoding = 'binary' | 'threshold' | 'labels';

export type Dimensionality = '2d' | '3d' | 'slide';

export interface RecipeInfo {
  /** Class names, in label order (classification), or mask values (segmentation). */
  classes: string[];
  /** Mask value → name, for segmentation recipes. */
  labelMap?: Record<number, string>;
  task: 'classification' | 'multilabel' | 'segmentation' | 'regression';
  dimensionality: Dimensionality;
  /** e.g. "RGB [H, W, 3]", "T1, T1ce, T2, FLAIR as 4 channels [D, H, W, 4]". */
  channels: string;
  /** How mask files encode classes: 'binary' (any non-zero is 1: 0/255 PNGs) or 'labels' (values are classes). */
  maskEncoding?: MaskEncoding;
}

/**
 * A dataset recipe, after TensorFlow Datasets' builders: how the official distribution is laid out
 * on disk, how samples, labels and masks are found, how it splits, what it is checked against, how
 * to get it, and a generator of a tiny copy in the same layout and formats for tests.
 */
export interface Recipe {
  /** The recipe id: the catalog id of its dataset, or a generic name. */
  id: string;
  /** Catalog entries this recipe loads (the catalog's `loader.recipe` points back here). */
  catalogIds: string[];
  title: string;
  /** Variants (TFDS "configs"): MedMNIST subsets, MSD tasks, ISIC tasks. The first is the default. */
  configs?: string[];
  /** The tree on disk, as the official distribution unpacks. */
  layout: string;
  /** The documentation this recipe relies on. */
  references: string[];
  formats: FileFormat[];
  info: RecipeInfo | ((config: string | undefined) => RecipeInfo);
  /** How the dataset splits; `official` when samples carry the dataset's own split. */
  split: { rule: string; fractions?: SplitFractions };
  /** How to get the files; a function when each config is fetched separately (MedMNIST subsets, MSD tasks). */
  access: Access | ((config: string | undefined) => Access);
  /** The config a catalog id stands for (`msd-spleen` → `Task09_Spleen`). */
  configFor?: (catalogId: string) => string | undefined;
  /** Known SHA-256 of the distributed files, by file name; empty when none is published. */
  checksums: Record<string, string>;
  /** Files or folders that must exist under the root (checked by `verify` before listing). */
  required: (config: string | undefined) => string[];
  listSamples(root: string, config?: string): Promise<SampleRef[]>;
  writeFixture(dir: string, config?: string): Promise<FixtureInfo>;
}

export function accessOf(recipe: Recipe, config?: string): Access {
  return typeof recipe.access === 'function' ? recipe.access(config) : recipe.access;
}

export function infoOf(recipe: Recipe, config?: string): RecipeInfo {
  return typeof recipe.info === 'function' ? recipe.info(config) : recipe.info;
}

/** Identity with type checking: `export default defineRecipe({...})` in each recipe folder. */
export function defineRecipe(recipe: Recipe): Recipe {
  return recipe;
}
