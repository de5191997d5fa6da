import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRgbJpeg, loadWasmJpeg } from '../src/jpeg-wasm.ts';
import { seededRandom } from '../src/random.ts';
import { TileCache } from '../src/tile-cache.ts';

/** A noisy JPEG, RGB (chroma subsampled, as slide scanners write them) or grey. */
async function noisyJpeg(width: number, height: number, channels: 1 | 3): Promise<Buffer> {
  const random = seededRandom(7);
  const data = Buffer.alloc(width * height * channels);
  for (let k = 0; k < data.length; k++) data[k] = 60 + Math.round(random() * 150);
  const image = sharp(data, { raw: { width, height, channels } });
  return (channels === 1 ? image.toColourspace('b-w') : image).jpeg({ quality: 80 }).toBuffer();
}

describe('WebAssembly libjpeg-turbo for lone slide tiles', () => {
  it('decodes RGB JPEGs to the same pixels as sharp', async () => {
    const wasm = await loadWasmJpeg();
    for (const [w, h] of [
      [256, 256],
      [240, 200],
    ] as const) {
      const jpeg = await noisyJpeg(w, h, 3);
      const got = decodeRgbJpeg(wasm, jpeg);
      const want = await sharp(jpeg).raw().toBuffer();
      expect(got && [got.width, got.height]).toEqual([w, h]);
      expect(got?.data).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(got!.data).equals(want)).toBe(true);
    }
  });

  it('leaves grey and damaged JPEGs to sharp, and keeps working after a failure', async () => {
    const wasm = await loadWasmJpeg();
    const grey = await noisyJpeg(64, 64, 1);
    expect((await sharp(grey).metadata()).channels).toBe(1);
    expect(decodeRgbJpeg(wasm, grey)).toBeUndefined();
    const good = await noisyJpeg(64, 64, 3);
    expect(decodeRgbJpeg(wasm, good.subarray(0, good.length >> 1))).toBeUndefined();
    expect(decodeRgbJpeg(wasm, Buffer.from('not a jpeg at all'))).toBeUndefined();
    expect(decodeRgbJpeg(wasm, good)?.width).toBe(64);
  });
});

describe('TileCache', () => {
  const tile = (v: number) => new Uint8Array(100).fill(v);

  it('keeps copies, evicts the least recently used within its budget and recycles their buffers', () => {
    const cache = new TileCache(300);
    const first = tile(1);
    cache.put('a', first);
    cache.put('b', tile(2));
    cache.put('c', tile(3));
    first.fill(9);
    expect(cache.get('a')?.[0]).toBe(1);
    const bBuffer = cache.get('b')!;
    cache.get('a');
    cache.get('c');
    // b is now the least recently used: the fourth tile takes its place and its buffer.
    cache.put('d', tile(4));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('d')).toBe(bBuffer);
    expect(Array.from(cache.get('d')!.subarray(0, 2))).toEqual([4, 4]);
    expect(['a', 'c', 'd'].map((k) => cache.get(k)?.[0])).toEqual([1, 3, 4]);
  });

  it('a tile larger than the budget, or a zero budget, is not kept', () => {
    expect(new TileCache(99).get('x')).toBeUndefined();
    const small = new TileCache(99);
    small.put('x', tile(1));
    expect(small.get('x')).toBeUndefined();
    const none = new TileCache(0);
    none.put('x', new Uint8Array(0).fill(0));
    none.put('y', tile(1));
    expect(none.get('y')).toBeUndefined();
  });
});
