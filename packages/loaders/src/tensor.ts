import { tf } from './backend.ts';
import { type Normalization, normalize } from './normalize.ts';
import type { Volume } from './patches.ts';
import type { DecodedImage } from './pixels.ts';

/**
 * An image as a float32 `[H, W, C]` tensor, normalized (default: 8-bit and 16-bit scaled to [0, 1],
 * other types as they are).
 */
export function imageToTensor(image: DecodedImage, normalization?: Normalization): tf.Tensor3D {
  const spec = normalization ?? defaultScale(image.dtype);
  const shape: [number, number, number] = [image.height, image.width, image.channels];
  // Already float32 and nothing to do (e.g. decoded with `scale`): hand the array over without a copy.
  if (spec === 'none' && image.data instanceof Float32Array) return tf.tensor3d(image.data, shape, 'float32');
  return tf.tensor3d(normalize(image.data, spec), shape, 'float32');
}

function defaultScale(dtype: string): Normalization {
  if (dtype === 'uint8') return { kind: 'scale', factor: 1 / 255 };
  if (dtype === 'uint16') return { kind: 'scale', factor: 1 / 65535 };
  return 'none';
}

/** Integer labels as an int32 tensor: `[H, W, C]` for a mask, `[D, H, W, C]` for a label volume. */
export function labelsToTensor(labels: DecodedImage | Volume): tf.Tensor3D | tf.Tensor4D {
  const data = Int32Array.from(labels.data as ArrayLike<number>);
  if ('shape' in labels) return tf.tensor4d(data, [...labels.shape, labels.channels], 'int32');
  return tf.tensor3d(data, [labels.height, labels.width, labels.channels], 'int32');
}

/** A volume as a float32 `[D, H, W, C]` tensor. */
export function volumeToTensor(volume: Volume, normalization: Normalization = 'none'): tf.Tensor4D {
  const shape: [number, number, number, number] = [...volume.shape, volume.channels];
  // float32 already and nothing to do: no copy.
  if (normalization === 'none' && volume.data instanceof Float32Array)
    return tf.tensor4d(volume.data, shape, 'float32');
  return tf.tensor4d(normalize(volume.data, normalization), shape, 'float32');
}

/** Stack equally shaped tensors into a batch with a leading N (the inputs are not disposed). */
export function stackBatch<T extends tf.Tensor>(tensors: T[]): tf.Tensor {
  return tf.stack(tensors);
}
