import { decodeImage, type ImageOptions } from './image.ts';
import { type NiftiOptions, niftiToVolume, readNifti } from './nifti.ts';
import { type Normalization, normalize } from './normalize.ts';
import type { DType, PixelArray } from './pixels.ts';

/** Work a pool worker can do: decode one file and, optionally, normalize it to float32. */
export type DecodeTask =
  | { kind: 'image'; path: string; options?: ImageOptions; normalization?: Normalization }
  | { kind: 'nifti'; path: string; options?: NiftiOptions; normalization?: Normalization };

/** What comes back: `[H, W, C]` for images, `[D, H, W, C]` for volumes. */
export interface DecodedSample {
  path: string;
  shape: number[];
  dtype: DType;
  data: PixelArray;
}

export async function runTask(task: DecodeTask): Promise<DecodedSample> {
  if (task.kind === 'image') {
    const img = await decodeImage(task.path, task.options);
    const data = task.normalization ? normalize(img.data, task.normalization) : img.data;
    return {
      path: task.path,
      shape: [img.height, img.width, img.channels],
      dtype: task.normalization ? 'float32' : img.dtype,
      data,
    };
  }
  const vol = niftiToVolume(await readNifti(task.path, task.options));
  const data = task.normalization ? normalize(vol.data, task.normalization) : vol.data;
  return {
    path: task.path,
    shape: [...vol.shape, vol.channels],
    dtype: task.normalization ? 'float32' : vol.dtype,
    data,
  };
}
