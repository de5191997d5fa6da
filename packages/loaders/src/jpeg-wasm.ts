/// <reference path="./codec-libjpeg-turbo.d.ts" />
/**
 * libjpeg-turbo compiled to WebAssembly (the Cornerstone medical-imaging project's build), for JPEG
 * slide tiles decoded one at a time: it runs on the calling thread, so a lone 256² tile skips
 * sharp's per-call pipeline and the two hops to a libuv thread and back, which cost more than the
 * decode itself. The same library as libvips' JPEG loader: the pixels are the same.
 */

/** The embind class the module exports (it ships no types). */
interface WasmJpegDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8ClampedArray;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
  delete(): void;
}

interface WasmJpegModule {
  JPEGDecoder: new () => WasmJpegDecoder;
}

let loading: Promise<WasmJpegModule> | undefined;
let decoder: WasmJpegDecoder | undefined;

/** The WebAssembly module, compiled on first use. */
export function loadWasmJpeg(): Promise<WasmJpegModule> {
  loading ??= import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs').then(
    (m) => m.default() as Promise<WasmJpegModule>,
  );
  return loading;
}

/**
 * An 8-bit, 3-component JPEG decoded to interleaved RGB, or undefined for anything else (grey or
 * CMYK tiles, damaged data): those go to sharp, whose errors name the cause.
 */
export function decodeRgbJpeg(
  module: WasmJpegModule,
  jpeg: Uint8Array,
): { data: Uint8Array; width: number; height: number } | undefined {
  decoder ??= new module.JPEGDecoder();
  try {
    decoder.getEncodedBuffer(jpeg.length).set(jpeg);
    decoder.decode();
  } catch {
    // A failed decode unwinds past the decoder's cleanup: start afresh rather than reuse its state.
    decoder.delete();
    decoder = undefined;
    return undefined;
  }
  const { width, height, bitsPerSample, componentCount } = decoder.getFrameInfo();
  if (bitsPerSample !== 8 || componentCount !== 3) return undefined;
  // The decoded view lies on the WebAssembly heap, overwritten by the next decode: copy it out.
  const heap = decoder.getDecodedBuffer();
  return { data: new Uint8Array(heap.buffer, heap.byteOffset, width * height * 3).slice(), width, height };
}
