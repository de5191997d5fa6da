/** Element types a decoder can hand back, named as numpy names them. */
export type DType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

export type PixelArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** A decoded 2D image, interleaved `[H, W, C]`, row-major, in the file's own sample type. */
export interface DecodedImage {
  data: PixelArray;
  width: number;
  height: number;
  channels: number;
  dtype: DType;
}

export const BYTES_PER_ELEMENT: Record<DType, number> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  float64: 8,
};

/** Allocate a typed array of `dtype` with `length` elements. */
export function allocate(dtype: DType, length: number): PixelArray {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(length);
    case 'int8':
      return new Int8Array(length);
    case 'uint16':
      return new Uint16Array(length);
    case 'int16':
      return new Int16Array(length);
    case 'uint32':
      return new Uint32Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
  }
}

/**
 * View `bytes` as `dtype` without copying when the offset is aligned (copying otherwise, since
 * typed arrays need aligned offsets). Bytes must already be in the machine's byte order.
 */
export function viewAs(dtype: DType, bytes: Uint8Array): PixelArray {
  const size = BYTES_PER_ELEMENT[dtype];
  const source = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  const { buffer, byteOffset } = source;
  const length = Math.floor(source.byteLength / size);
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(buffer, byteOffset, length);
    case 'int8':
      return new Int8Array(buffer, byteOffset, length);
    case 'uint16':
      return new Uint16Array(buffer, byteOffset, length);
    case 'int16':
      return new Int16Array(buffer, byteOffset, length);
    case 'uint32':
      return new Uint32Array(buffer, byteOffset, length);
    case 'int32':
      return new Int32Array(buffer, byteOffset, length);
    case 'float32':
      return new Float32Array(buffer, byteOffset, length);
    case 'float64':
      return new Float64Array(buffer, byteOffset, length);
  }
}

/** The value an opaque alpha channel takes in each sample type. */
export function opaque(dtype: DType): number {
  switch (dtype) {
    case 'uint8':
      return 255;
    case 'uint16':
      return 65535;
    case 'int8':
      return 127;
    case 'int16':
      return 32767;
    case 'uint32':
      return 4294967295;
    case 'int32':
      return 2147483647;
    default:
      return 1;
  }
}

export type ChannelPolicy = 1 | 3 | 4 | 'keep';

/**
 * Apply the channel policy to an interleaved image.
 * - `keep`: as decoded (gray 1, gray+alpha 2, RGB 3, RGBA 4; palettes are already expanded to RGB).
 * - `1`: ITU-R 601-2 luma (L = 0.299 R + 0.587 G + 0.114 B, what Pillow's `convert('L')` does); alpha dropped.
 * - `3`: gray replicated to RGB; alpha dropped, not composited (masks and medical images have no background colour).
 * - `4`: RGB plus alpha; an image without alpha gets an opaque one.
 * Images with more than 4 bands (multispectral, planar stacks) only accept `keep`.
 */
export function applyChannels(image: DecodedImage, policy: ChannelPolicy): DecodedImage {
  const { channels: from, width, height, dtype, data } = image;
  if (policy === 'keep' || policy === from) return image;
  if (from > 4) throw new RangeError(`an image with ${from} bands can only be read with channels: 'keep'`);
  const n = width * height;
  const out = allocate(dtype, n * policy);
  const hasColour = from >= 3;
  const hasAlpha = from === 2 || from === 4;
  const alphaMax = opaque(dtype);
  const rounds = !dtype.startsWith('float');
  for (let p = 0; p < n; p++) {
    const s = p * from;
    const d = p * policy;
    const r = data[s]!;
    const g = hasColour ? data[s + 1]! : r;
    const b = hasColour ? data[s + 2]! : r;
    if (policy === 1) {
      const l = r * 0.299 + g * 0.587 + b * 0.114;
      out[d] = rounds ? Math.round(l) : l;
    } else {
      out[d] = r;
      out[d + 1] = g;
      out[d + 2] = b;
      if (policy === 4) out[d + 3] = hasAlpha ? data[s + from - 1]! : alphaMax;
    }
  }
  return { data: out, width, height, channels: policy, dtype };
}
