import { crc32, deflateSync } from 'node:zlib';

export interface PngSpec {
  width: number;
  height: number;
  bitDepth: 8 | 16;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colourType: 0 | 2 | 3 | 4 | 6;
  /** Samples as stored, row-major (16-bit samples as numbers, written big-endian). */
  samples: ArrayLike<number>;
  palette?: number[];
  /** The filter type (0–4) for row y; 0 for every row by default. */
  filter?: (y: number) => number;
  /** Split the zlib stream into IDAT chunks of this many bytes (one chunk by default). */
  idatBytes?: number;
}

const SAMPLES = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

/**
 * A PNG written byte by byte from the spec (PNG §9 filters, zlib stream, CRCs), so decoders are
 * checked against pixels known in advance rather than against another decoder.
 */
export function writePng(spec: PngSpec): Buffer {
  const { width, height, bitDepth, colourType, samples } = spec;
  const bpp = SAMPLES[colourType] * (bitDepth / 8);
  const rowBytes = width * bpp;
  const raw = Buffer.alloc(rowBytes * height);
  for (let k = 0; k < width * height * SAMPLES[colourType]; k++) {
    if (bitDepth === 16) raw.writeUInt16BE(samples[k]!, 2 * k);
    else raw[k] = samples[k]!;
  }
  const filtered = Buffer.alloc(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    const filter = spec.filter?.(y) ?? 0;
    filtered[y * (rowBytes + 1)] = filter;
    for (let i = 0; i < rowBytes; i++) {
      const x = raw[y * rowBytes + i]!;
      const a = i >= bpp ? raw[y * rowBytes + i - bpp]! : 0;
      const b = y > 0 ? raw[(y - 1) * rowBytes + i]! : 0;
      const c = y > 0 && i >= bpp ? raw[(y - 1) * rowBytes + i - bpp]! : 0;
      const predictor = [0, a, b, Math.floor((a + b) / 2), paeth(a, b, c)][filter]!;
      filtered[y * (rowBytes + 1) + 1 + i] = (x - predictor) & 255;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([bitDepth, colourType, 0, 0, 0], 8);
  const stream = deflateSync(filtered);
  const step = spec.idatBytes ?? stream.length;
  const idats: Buffer[] = [];
  for (let at = 0; at < stream.length; at += step) idats.push(chunk('IDAT', stream.subarray(at, at + step)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...(spec.palette ? [chunk('PLTE', Buffer.from(spec.palette))] : []),
    ...idats,
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function chunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
