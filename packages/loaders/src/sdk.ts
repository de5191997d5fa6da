/**
 * The dataset SDK: loadDataset, recipes, splits, download and cache. `src/index.ts` re-exports this
 * module (`export * from './sdk.ts'`).
 */
export { rasterizePolygons, readAsapPolygons } from './asap.ts';
export {
  accessInstructions,
  COMPLETE_MARKER,
  cacheDirOf,
  cachedDatasetDir,
  type EnsureOptions,
  ensureDataset,
  medsetsHome,
} from './download/cache.ts';
export {
  ChecksumError,
  DatasetAccessError,
  DatasetLayoutError,
  DownloadError,
  ExtractError,
} from './download/errors.ts';
export {
  type ArchiveKind,
  archiveKind,
  type ExtractOptions,
  type ExtractResult,
  extractArchive,
} from './download/extract.ts';
export { type DownloadOptions, type DownloadResult, downloadFile, sha256File } from './download/http.ts';
export {
  consoleProgress,
  formatBytes,
  formatEta,
  type Progress,
  type ProgressListener,
  progressLine,
} from './download/progress.ts';
export {
  type Batch,
  type DatasetInfo,
  type LoadDatasetOptions,
  LoadedDataset,
  loadDataset,
  resolveRecipe,
  type Sample,
  type SampleMeta,
} from './load-dataset.ts';
export { type NpyArray, npyItem, parseNpy, readNpz } from './npz.ts';
export { decodePpm } from './ppm.ts';
export { type CsvManifestOptions, csvManifest } from './recipes/csv-manifest/recipe.ts';
export { type ImageFolderOptions, imageFolder } from './recipes/image-folder/recipe.ts';
export { type ImageMaskPairsOptions, imageMaskPairs } from './recipes/image-mask-pairs/recipe.ts';
export { type MsdJsonOptions, msdJson } from './recipes/msd-json/recipe.ts';
export {
  type Access,
  accessOf,
  defineRecipe,
  type FixtureInfo,
  infoOf,
  type MaskEncoding,
  type Recipe,
  type RecipeInfo,
  type RemoteFile,
  type SampleRef,
  type Source,
} from './recipes/recipe.ts';
export { findRecipe, listRecipes } from './recipes/registry.ts';
export type { SlideTileOptions } from './slide-samples.ts';
export {
  assignSplits,
  DEFAULT_FRACTIONS,
  type SplitFractions,
  type SplitName,
  seededShuffle,
  shardOf,
} from './splits.ts';
export { type DatasetStats, datasetStats } from './stats.ts';
export { type VerifyReport, verifyDataset } from './verify.ts';
