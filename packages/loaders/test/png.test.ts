import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../src/index.ts';
import { decodePlainPng } from '../src/png.ts';
import { seededRandom } from '../src/random.ts';
import { type PngSpec, writePng } from './png-writer.ts';

const random = seededRandom(7);
const noise = (n: number, max: number) => Array.from({ length: n }, () => Math.floor(random() * (max + 1)));

// Every filter type on the first row (no row above) and on later rows, for each layout the reader takes.
const LAYOUTS: { name: string; spec: Omit<PngSpec, 'filter' | 'samples'>; max: number; samples: number }[] = [
  { name: 'grey 8-bit', spec: { width: 19, height: 11, bitDepth: 8, colourType: 0 }, max: 255, samples: 1 },
  { name: 'RGB 8-bit', spec: { width: 23, height: 11, bitDepth: 8, colourType: 2 }, max: 255, samples: 3 },
  { name: 'RGBA 8-bit', spec: { width: 17, height: 11, bitDepth: 8, colourType: 6 }, max: 255, samples: 4 },
  { name: 'grey 16-bit', spec: { width: 13, height: 11, bitDepth: 16, colourType: 0 }, max: 65535, samples: 1 },
  { name: 'RGB 16-bit', spec: { width: 7, height: 11, bitDepth: 16, colourType: 2 }, max: 65535, samples: 3 },
];

describe('own PNG reader', () => {
  for (const { name, spec, max, samples: perPixel } of LAYOUTS) {
    it(`undoes every row filter: ${name}, inflated here and on a libuv thread`, async () => {
      for (let shift = 0; shift < 5; shift++) {
        const samples = noise(spec.width * spec.height * perPixel, max);
        // Split into small IDATs too, so the chunks are joined.
        const png = writePng({ ...spec, samples, filter: (y) => (y + shift) % 5, idatBytes: 97 });
        for (const offThread of [false, true]) {
          const img = await decodePlainPng(png, false, offThread);
          expect(img, `${name}, first row filter ${shift}`).toBeDefined();
          expect([img!.width, img!.height, img!.channels]).toEqual([spec.width, spec.height, perPixel]);
          expect(img!.dtype).toBe(spec.bitDepth === 16 ? 'uint16' : 'uint8');
          expect(Array.from(img!.data)).toEqual(samples);
        }
      }
    });
  }

  it('expands a palette to RGB', async () => {
    const palette = noise(3 * 6, 255);
    const indices = noise(9 * 5, 5);
    const img = await decodePlainPng(
      writePng({ width: 9, height: 5, bitDepth: 8, colourType: 3, samples: indices, palette, filter: (y) => y % 5 }),
      false,
      false,
    );
    expect(img?.channels).toBe(3);
    expect(Array.from(img!.data)).toEqual(indices.flatMap((i) => palette.slice(3 * i, 3 * i + 3)));
  });

  it('leaves damaged streams and out-of-range palette indices to sharp', async () => {
    const samples = noise(8 * 8 * 3, 255);
    const png = writePng({ width: 8, height: 8, bitDepth: 8, colourType: 2, samples, filter: () => 4 });
    const bad = Buffer.from(png);
    bad[bad.length - 20]! ^= 0xff; // inside the IDAT body: the CRC no longer matches
    expect(await decodePlainPng(bad, false, false)).toBeUndefined();
    const unknownFilter = writePng({ width: 8, height: 8, bitDepth: 8, colourType: 2, samples, filter: (y) => y + 1 });
    expect(await decodePlainPng(unknownFilter, false, true)).toBeUndefined();
    const palette = writePng({
      width: 4,
      height: 1,
      bitDepth: 8,
      colourType: 3,
      samples: [0, 1, 2, 3],
      palette: [1, 2, 3],
    });
    expect(await decodePlainPng(palette, false, false)).toBeUndefined();
  });

  it('decodeImage reads files past its 1 MiB read buffer whole, with other decodes in flight', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'medsets-png-'));
    const width = 700;
    const height = 600; // 1.26 MB of noise: the file is larger than the read buffer
    const big = noise(width * height * 3, 255);
    const small = noise(5 * 4 * 3, 255);
    writeFileSync(path.join(dir, 'big.png'), writePng({ width, height, bitDepth: 8, colourType: 2, samples: big }));
    writeFileSync(
      path.join(dir, 'small.png'),
      writePng({ width: 5, height: 4, bitDepth: 8, colourType: 2, samples: small }),
    );
    const [a, b, c] = await Promise.all(
      ['big.png', 'small.png', 'big.png'].map((f) => decodeImage(path.join(dir, f), { channels: 3 })),
    );
    expect(Buffer.from(a!.data).equals(Buffer.from(big))).toBe(true);
    expect(Array.from(b!.data)).toEqual(small);
    expect(Buffer.from(c!.data).equals(Buffer.from(big))).toBe(true);
    // One at a time (inflating on this thread) gives the same pixels.
    expect(Buffer.from((await decodeImage(path.join(dir, 'big.png'))).data).equals(Buffer.from(big))).toBe(true);
  });
});
