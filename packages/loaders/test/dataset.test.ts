import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { Dataset, DecodeError, DecodePool, initBackend, tf, toTfDataset } from '../src/index.ts';
import { ref } from './expected.ts';

const range = (n: number) => Dataset.from(() => Array.from({ length: n }, (_, k) => k));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lazy Dataset', () => {
  it('composes map, filter, skip, take, batch and reads nothing before iteration', async () => {
    let reads = 0;
    const ds = Dataset.from(function* () {
      for (let k = 0; k < 100; k++) {
        reads++;
        yield k;
      }
    })
      .map((x) => x * 2)
      .filter((x) => x % 3 === 0)
      .skip(2)
      .take(7)
      .batch(3);
    expect(reads).toBe(0);
    expect(await ds.toArray()).toEqual([[12, 18, 24], [30, 36, 42], [48]]);
    expect(reads).toBeLessThan(30);
    expect(await range(10).batch(4, { dropRemainder: true }).toArray()).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    // Each iteration starts over.
    expect(await ds.toArray()).toEqual(await ds.toArray());
  });

  it('shuffle is a permutation, deterministic under a seed, and reshuffles each epoch', async () => {
    const ds = range(50).shuffle(20, 7);
    const a = await ds.toArray();
    const b = await ds.toArray();
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, k) => k));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, k) => k));
    expect(b).not.toEqual(a);
    expect(await range(50).shuffle(20, 7).toArray()).toEqual(a);
    expect(await range(50).shuffle(20, 8).toArray()).not.toEqual(a);
  });

  it('concurrent map keeps order, and can give it up for speed', async () => {
    let running = 0;
    let peak = 0;
    const slowFirst = async (x: number) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(x === 0 ? 40 : 2);
      running--;
      return x;
    };
    expect(await range(12).map(slowFirst, { concurrency: 4 }).toArray()).toEqual(
      Array.from({ length: 12 }, (_, k) => k),
    );
    expect(peak).toBe(4);
    const unordered = await range(12).map(slowFirst, { concurrency: 4, ordered: false }).toArray();
    expect(unordered[0]).not.toBe(0);
    expect([...unordered].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, k) => k));
  });

  it('prefetch reads ahead by a bounded amount (backpressure)', async () => {
    let produced = 0;
    const ds = Dataset.from(function* () {
      for (let k = 0; k < 1000; k++) {
        produced++;
        yield k;
      }
    }).prefetch(5);
    const it = ds[Symbol.asyncIterator]();
    await it.next();
    await sleep(20);
    expect(produced).toBeLessThanOrEqual(7);
    await it.return?.();
  });

  it('an AbortSignal stops the stream and closes upstream', async () => {
    let closed = false;
    const ds = Dataset.from(async function* () {
      try {
        for (let k = 0; ; k++) {
          await sleep(1);
          yield k;
        }
      } finally {
        closed = true;
      }
    });
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(
      ds.forEach(
        (x) => {
          seen.push(x);
          if (x === 5) controller.abort(new Error('stop'));
        },
        { signal: controller.signal },
      ),
    ).rejects.toThrow('stop');
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(closed).toBe(true);
  });

  it('shard splits a stream into disjoint parts', async () => {
    const parts = await Promise.all([0, 1, 2].map((i) => range(10).shard(3, i).toArray()));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, k) => k));
    expect(parts[1]).toEqual([1, 4, 7]);
  });
});

describe('decode pool', () => {
  const pool = new DecodePool({ workers: 2 });
  afterAll(() => pool.destroy());

  it('decodes in worker threads, in order, with typed errors', async () => {
    const files = [
      'image/rgba.png',
      'image/gray16.png',
      'image/mask_binary.png',
      'image/palette.png',
      'image/gray16.tif',
    ];
    const out = await Dataset.from(files)
      .map(
        (f) => pool.run({ kind: 'image', path: ref(f), options: { channels: 3 }, normalization: { kind: 'minmax' } }),
        {
          concurrency: 4,
        },
      )
      .toArray();
    expect(out.map((s) => s.path)).toEqual(files.map(ref));
    expect(out[0]!.shape).toEqual([33, 47, 3]);
    expect(out[0]!.data).toBeInstanceOf(Float32Array);
    const ct = await pool.run({ kind: 'nifti', path: ref('nifti/ct_int16_scaled.nii.gz') });
    expect(ct.shape).toEqual([16, 20, 24, 1]);
    const err = await pool.run({ kind: 'nifti', path: ref('damaged/huge_dims.nii') }).catch((e) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect(err).toMatchObject({ format: 'nifti', path: ref('damaged/huge_dims.nii') });
  });

  it('accepts an in-flight window wider than the pool', async () => {
    const single = new DecodePool({ workers: 1 });
    try {
      const files = Array.from({ length: 12 }, () => ref('image/palette.png'));
      const out = await Dataset.from(files)
        .map((f) => single.run({ kind: 'image', path: f }), { concurrency: 12 })
        .toArray();
      expect(out).toHaveLength(12);
    } finally {
      await single.destroy();
    }
  });

  it('an aborted task is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      pool.run({ kind: 'image', path: ref('image/rgba.png') }, { signal: controller.signal }),
    ).rejects.toThrow();
  });
});

describe('tf.data adapter', () => {
  it('model.fitDataset trains on a streamed dataset, without leaking tensors', async () => {
    await initBackend({ log: false });
    const before = tf.memory().numTensors;
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const weightsTensors = tf.memory().numTensors;
    const samples = range(64)
      .map((k) => [k % 8, Math.floor(k / 8)] as const)
      .shuffle(64, 1)
      .batch(16)
      .map((rows) => ({
        xs: tf.tensor2d(rows.map(([a, b]) => [a / 8, b / 8])),
        ys: tf.tensor2d(rows.map(([a, b]) => [(a + b) / 8])),
      }));
    const history = await model.fitDataset(toTfDataset(samples), { epochs: 3, verbose: 0 });
    expect(history.history.loss).toHaveLength(3);
    const loss = history.history.loss as number[];
    expect(loss[2]!).toBeLessThan(loss[0]!);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(weightsTensors + 2);
    model.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2);
  });
});
