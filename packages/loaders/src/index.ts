export {
  type BackendChoice,
  type BackendInfo,
  type BackendOptions,
  cudaVisible,
  getBackendInfo,
  initBackend,
  tf,
} from './backend.ts';
export { Dataset, type IterateOptions } from './dataset.ts';
export type { DecodedSample, DecodeTask } from './decode-task.ts';
export { DecodeError, LoaderOptionsError } from './errors.ts';
export { decodeImage, type Image, type ImageOptions } from './image.ts';
export {
  type Affine,
  axisCodes,
  type NiftiHeader,
  type NiftiOptions,
  type NiftiVolume,
  niftiToVolume,
  orientation,
  readNifti,
  readNiftiHeader,
  toCanonical,
} from './nifti.ts';
export { type NiftiTensor, readNiftiTensor } from './nifti-tensor.ts';
export { CT_WINDOWS, type CtWindowName, type Normalization, normalize } from './normalize.ts';
export {
  extractPatch,
  type LabelSamplerOptions,
  labelSampler,
  patchGrid,
  type Triple,
  type Volume,
} from './patches.ts';
export { applyChannels, type ChannelPolicy, type DecodedImage, type DType, type PixelArray } from './pixels.ts';
export { DecodePool, type PoolOptions } from './pool.ts';
export { seededRandom } from './random.ts';
export { type ResizeOptions, resampleToSpacing, resizeImage, resizeVolume } from './resize.ts';
export * from './sdk.ts';
export { gaussianWeights, Stitcher } from './stitch.ts';
export { imageToTensor, labelsToTensor, stackBatch, volumeToTensor } from './tensor.ts';
export { toTfDataset } from './tfdata.ts';
export {
  decodeTiff,
  decodeTiffStack,
  readTiffInfo,
  type TiffOptions,
  type TiffPageInfo,
  type TiffStack,
} from './tiff.ts';
export {
  extractTile,
  planSlideTiles,
  readSlideTiles,
  type SlideTile,
  type SlideTiling,
  type TileCoord,
  type TileSpec,
  tileGrid,
  tiles,
} from './tiling.ts';
export {
  openSlide,
  otsuThreshold,
  type RegionOptions,
  Slide,
  type SlideLevel,
  type SlideOptions,
  type SlideProperties,
  type TissueMask,
} from './wsi.ts';
