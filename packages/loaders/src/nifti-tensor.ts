import type { tf } from './backend.ts';
import {
  type Affine,
  freshFloats,
  type NiftiHeader,
  type NiftiOptions,
  niftiToVolume,
  parseNiftiOptions,
  readVoxels,
  voxelsToVolume,
} from './nifti.ts';
import type { Normalization } from './normalize.ts';
import { type TensorTarget, tensorTarget, volumeToTensor } from './tensor.ts';

export interface NiftiTensor {
  /** float32 `[D, H, W, C]`, as `volumeToTensor(niftiToVolume(await readNifti(path, options)), normalization)`. */
  tensor: tf.Tensor4D;
  header: NiftiHeader;
  affine: Affine;
  /** Voxel spacing along i, j, k (and t). */
  spacing: number[];
}

/**
 * A NIfTI file straight to a tensor. Scaled 8/16-bit `.nii.gz` volumes (CT, most MR) are converted
 * chunk by chunk into the tensor's own memory while the next chunk inflates: no intermediate array
 * to allocate and fault in, and no copy into the tensor. Other files take the readNifti path.
 */
export async function readNiftiTensor(
  path: string,
  options?: NiftiOptions,
  normalization: Normalization = 'none',
): Promise<NiftiTensor> {
  const opts = parseNiftiOptions(options);
  // Written in place only when the voxel order is already the tensor's: 3D, stored orientation,
  // nothing to normalize. A 4th axis is moved to the channels and RAS may permute axes.
  const inPlace = opts.orientation === 'stored' && normalization === 'none';
  let target: TensorTarget | undefined;
  try {
    const voxels = await readVoxels(path, opts, (header) => {
      const [I, J, K] = header.shape as [number, number, number];
      if (!inPlace || header.shape.length > 3) return freshFloats(header);
      target = tensorTarget([K, J, I, header.channels]);
      return target;
    });
    const { header } = voxels;
    if (target && voxels.scaled === target) {
      const tensor = target.finish() as tf.Tensor4D;
      return { tensor, header, affine: header.affine, spacing: header.pixdim };
    }
    // A target was made but the data took the streaming reader (damage it tolerates, e.g. trailing bytes).
    target?.dispose();
    target = undefined;
    const volume = voxelsToVolume(voxels, opts);
    const tensor = volumeToTensor(niftiToVolume(volume), normalization);
    return { tensor, header, affine: volume.affine, spacing: volume.spacing };
  } catch (err) {
    target?.dispose();
    throw err;
  }
}
