import { tf } from './backend.ts';
import { type Normalization, normalizeInto } from './normalize.ts';
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
  return filledTensor(shape, (out) => normalizeInto(image.data, spec, out)) as tf.Tensor3D;
}

/** The backend methods a tensor needs to be written in place (tfjs-backend-wasm's BackendWasm has them). */
interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

const writesInPlace = (backend: unknown): backend is HeapBackend =>
  typeof (backend as HeapBackend).makeOutput === 'function' &&
  typeof (backend as HeapBackend).typedArrayFromHeap === 'function';

/**
 * A float32 tensor being written: `view()` is its storage, `finish()` hands the tensor over and
 * `dispose()` frees it unfinished. On the wasm backend the storage is the tensor's own memory on the
 * wasm heap: `tf.tensor` would copy a JS array there, and a throwaway array per sample (600 KB for a
 * 224² RGB image, 16 MB for a CT volume) was both a copy and fresh memory to fault in, where the
 * heap reuses what disposed tensors freed. Other backends keep the array they are given (cpu) or
 * read it later (tfjs-node), so there it is a fresh one.
 */
export interface TensorTarget {
  /**
   * The storage, fetched anew on each call: the wasm heap moves when it grows (any tensor allocated
   * meanwhile), which detaches earlier views, so a view must not be held across an await.
   */
  view(): Float32Array;
  finish(): tf.Tensor;
  dispose(): void;
}

export function tensorTarget(shape: number[]): TensorTarget {
  const backend = tf.backend();
  if (tf.getBackend() === 'wasm' && writesInPlace(backend)) {
    const info = backend.makeOutput(shape, 'float32');
    return {
      view: () => backend.typedArrayFromHeap(info),
      finish: () => tf.engine().makeTensorFromTensorInfo(info, backend),
      dispose: () => tf.engine().makeTensorFromTensorInfo(info, backend).dispose(),
    };
  }
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  return { view: () => out, finish: () => tf.tensor(out, shape, 'float32'), dispose: () => {} };
}

/** A new float32 tensor whose values `fill` writes (synchronously, so one view serves). */
function filledTensor(shape: number[], fill: (out: Float32Array) => void): tf.Tensor {
  const target = tensorTarget(shape);
  try {
    fill(target.view());
  } catch (err) {
    target.dispose();
    throw err;
  }
  return target.finish();
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
  return filledTensor(shape, (out) => normalizeInto(volume.data, normalization, out)) as tf.Tensor4D;
}

/** Stack equally shaped tensors into a batch with a leading N (the inputs are not disposed). */
export function stackBatch<T extends tf.Tensor>(tensors: T[]): tf.Tensor {
  return tf.stack(tensors);
}
