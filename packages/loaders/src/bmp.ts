import { DecodeError } from './errors.ts';
import type { DecodedImage } from './pixels.ts';

/**
 * Uncompressed Windows bitmaps (1/4/8-bit palette, 24-bit BGR, 32-bit BGRA). The prebuilt libvips
 * inside sharp has no BMP loader, and some mask datasets ship BMPs, so this small reader covers them.
 */
export function decodeBmp(bytes: Uint8Array, path: string): DecodedImage {
  const fail = (reason: string): never => {
    throw new DecodeError(path, 'bmp', reason);
  };
  if (bytes.length < 54) fail(`file is ${bytes.length} bytes, shorter than a BMP header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  if (headerSize < 40) fail(`unsupported BMP header size ${headerSize}`);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bits = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  // Compression 3 (BITFIELDS) with 32-bit pixels is laid out as BGRA in practice.
  if (compression !== 0 && !(compression === 3 && bits === 32)) fail(`unsupported BMP compression ${compression}`);
  const height = Math.abs(rawHeight);
  const bottomUp = rawHeight > 0;
  if (width <= 0 || height === 0 || width > 65535 || height > 65535) fail(`bad dimensions ${width}x${height}`);
  if (![1, 4, 8, 24, 32].includes(bits)) fail(`unsupported bit depth ${bits}`);
  const stride = Math.ceil((width * bits) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) fail('truncated: pixel data ends beyond the file');
  const paletteSize = bits <= 8 ? view.getUint32(46, true) || 1 << bits : 0;
  const paletteStart = 14 + headerSize;
  const palette = (i: number, c: number) => bytes[paletteStart + i * 4 + (2 - c)] ?? 0;
  const channels = bits === 32 ? 4 : 3;
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (bottomUp ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const d = (y * width + x) * channels;
      if (bits >= 24) {
        const s = row + x * (bits / 8);
        out[d] = bytes[s + 2]!;
        out[d + 1] = bytes[s + 1]!;
        out[d + 2] = bytes[s]!;
        if (channels === 4) out[d + 3] = bytes[s + 3]!;
      } else {
        const bitPos = x * bits;
        const byte = bytes[row + (bitPos >> 3)]!;
        const index = (byte >> (8 - bits - (bitPos & 7))) & ((1 << bits) - 1);
        if (index >= paletteSize) fail(`palette index ${index} outside a ${paletteSize}-entry palette`);
        for (let c = 0; c < 3; c++) out[d + c] = palette(index, c);
      }
    }
  }
  return { data: out, width, height, channels, dtype: 'uint8' };
}
