import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetNotFoundError } from '@medsets/catalog';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/backend.ts';
import { DatasetAccessError } from '../../src/download/errors.ts';
import { LoaderOptionsError } from '../../src/errors.ts';
import { type Batch, loadDataset, type Sample } from '../../src/load-dataset.ts';
import busi from '../../src/recipes/busi/recipe.ts';
import { csvManifest } from '../../src/recipes/csv-manifest/recipe.ts';

let dir: string;
let root: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medsets-load-'));
  root = join(dir, 'busi');
  await busi.writeFixture(root);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function drain<T extends Sample | Batch>(ds: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const s of ds) out.push(s);
  return out;
}
const dispose = (s: Sample | Batch) => tf.dispose([s.image, s.mask, s.label].filter((t): t is tf.Tensor => !!t));

describe('loadDataset', () => {
  it('resolves aliases in any case and resizes, batches and labels BUSI', async () => {
    const ds = await loadDataset('busi', { root, size: [8, 12], batchSize: 4, channels: 1 });
    expect(ds.info.id).toBe('busi');
    expect(ds.info.classes).toEqual(['normal', 'benign', 'malignant']);
    const batches = (await drain(ds)) as Batch[];
    expect(batches.map((b) => b.image.shape[0])).toEqual([4, 4, 1]);
    expect(batches[0]!.image.shape).toEqual([4, 8, 12, 1]);
    expect(batches[0]!.mask!.shape).toEqual([4, 8, 12, 1]);
    const maskValues = new Set(await batches[0]!.mask!.data());
    expect([...maskValues].every((v) => v === 0 || v === 1)).toBe(true);
    batches.forEach(dispose);
  });

  it('merges several masks of one image', async () => {
    const ds = await loadDataset('BUSI', { root, split: 'all' });
    const samples = (await drain(ds)) as Sample[];
    const two = samples.find((s) => s.meta.id === 'benign/benign (2)')!;
    const refTwo = ds.refs.find((r) => r.id === 'benign/benign (2)')!;
    expect(Array.isArray(refTwo.mask) && refTwo.mask.length).toBe(2);
    expect(two.mask).toBeDefined();
    samples.forEach(dispose);
  });

  it('splits are disjoint, and shards are disjoint and complete', async () => {
    const ids = async (options: Parameters<typeof loadDataset>[1]) =>
      ((await drain(await loadDataset('busi', { root, ...options }))) as Sample[]).map((s) => {
        dispose(s);
        return s.meta.id;
      });
    const [train, val, test] = await Promise.all([
      ids({ split: 'train' }),
      ids({ split: 'val' }),
      ids({ split: 'test' }),
    ]);
    expect(new Set([...train, ...val, ...test]).size).toBe(9);
    expect(train.length + val.length + test.length).toBe(9);
    const shards = await Promise.all([0, 1, 2].map((index) => ids({ split: 'all', shard: { index, count: 3 } })));
    expect(shards.flat().sort()).toEqual([...train, ...val, ...test].sort());
    expect(await ids({ split: 'train', seed: 0 })).toEqual(train);
  });

  it('validates options up front and names the problem', async () => {
    await expect(loadDataset('busi', { root, batchSize: 0 })).rejects.toThrow(LoaderOptionsError);
    await expect(loadDataset('busi', { root, split: 'training' as 'train' })).rejects.toThrow(/split/);
    await expect(loadDataset('busi', { root, shard: { index: 2, count: 2 } })).rejects.toThrow(/shard/);
    await expect(loadDataset('busi', { root, nope: 1 } as never)).rejects.toThrow(/nope/);
  });

  it('fails on unknown ids with the closest suggestions', async () => {
    const err = await loadDataset('BUSY', { root }).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    expect(err.suggestions).toContain('busi');
  });

  it('explains how to get a dataset that is not on disk', async () => {
    const old = process.env.MEDSETS_HOME;
    process.env.MEDSETS_HOME = join(dir, 'empty-home');
    try {
      const err = await loadDataset('busi').catch((e) => e);
      expect(err).toBeInstanceOf(DatasetAccessError);
      expect(err.message).toContain('scholar.cu.edu.eg');
      expect(err.message).toContain(join(dir, 'empty-home', 'datasets', 'busi'));
    } finally {
      process.env.MEDSETS_HOME = old;
    }
  });

  it('loads a generic CSV manifest with patient-grouped splits', async () => {
    const recipe = csvManifest({ id: 'my-csv' });
    const croot = join(dir, 'csv');
    await recipe.writeFixture(croot);
    const ds = await loadDataset(recipe, { root: croot, split: 'all' });
    expect(ds.info.classes).toEqual(['normal', 'tumour']);
    const samples = (await drain(ds)) as Sample[];
    expect(samples).toHaveLength(6);
    const byPatient = new Map<string, Set<string>>();
    for (const s of samples) {
      const ref = ds.refs.find((r) => r.id === s.meta.id)!;
      byPatient.set(ref.patientId!, (byPatient.get(ref.patientId!) ?? new Set()).add(s.meta.split));
      dispose(s);
    }
    for (const splits of byPatient.values()) expect(splits.size).toBe(1);
  });

  it('feeds model.fitDataset through tf()', async () => {
    const ds = await loadDataset('busi', { root, size: [8, 8], batchSize: 3, channels: 1, split: 'all' });
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tfl.layers.conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const before = tf.memory().numTensors;
    const history = await model.fitDataset(ds.tf(), { epochs: 2, verbose: 0 });
    expect(history.history.loss).toHaveLength(2);
    expect(Number.isFinite(history.history.loss?.[1] as number)).toBe(true);
    expect(tf.memory().numTensors - before).toBeLessThan(10);
    const cls = await loadDataset('busi', { root, size: [8, 8], batchSize: 3, channels: 1 });
    const first = await cls.tf({ target: 'label' }).take(1).toArray();
    expect((first[0] as { ys: tf.Tensor }).ys.shape).toEqual([3, 3]);
    tf.dispose(first as never);
  });
});

describe('loadDataset with a worker pool', () => {
  it('decodes in worker threads to the same tensors as in-process', async () => {
    const { DecodePool } = await import('../../src/pool.ts');
    const { default: kits } = await import('../../src/recipes/kits19/recipe.ts');
    const kroot = join(dir, 'kits');
    await kits.writeFixture(kroot);
    const pool = new DecodePool({ workers: 2 });
    try {
      for (const [id, r] of [
        ['busi', root],
        ['kits19', kroot],
      ] as const) {
        const plain = (await drain(
          await loadDataset(id, { root: r, split: 'all', channels: id === 'busi' ? 1 : 'keep' }),
        )) as Sample[];
        const pooled = (await drain(
          await loadDataset(id, { root: r, split: 'all', pool, workers: 4, channels: id === 'busi' ? 1 : 'keep' }),
        )) as Sample[];
        expect(pooled.map((s) => s.meta.id)).toEqual(plain.map((s) => s.meta.id));
        for (const [k, s] of pooled.entries()) {
          expect(s.image.shape).toEqual(plain[k]!.image.shape);
          expect(await s.image.data()).toEqual(await plain[k]!.image.data());
          expect(await s.mask?.data()).toEqual(await plain[k]!.mask?.data());
          expect(s.meta.spacing).toEqual(plain[k]!.meta.spacing);
        }
        [...plain, ...pooled].forEach(dispose);
      }
    } finally {
      await pool.destroy();
    }
  });
});

describe('resolveRecipe', () => {
  it('maps catalog entries, aliases and id/config to a recipe and config', async () => {
    const { resolveRecipe } = await import('../../src/load-dataset.ts');
    expect((await resolveRecipe('msd-spleen', undefined)).config).toBe('Task09_Spleen');
    expect((await resolveRecipe('Task01_BrainTumour', undefined)).config).toBe('Task01_BrainTumour');
    const m = await resolveRecipe('MedMNIST-v2/chestmnist', undefined);
    expect([m.recipe.id, m.config]).toEqual(['medmnist-v2', 'chestmnist']);
    expect((await resolveRecipe('isic-2018', 'task3')).config).toBe('task3');
    await expect(resolveRecipe('LIDC/IDRI', undefined)).rejects.toThrow(/no recipe yet/);
  });

  it('streams multi-hot labels for multi-label configs', async () => {
    const { default: medmnist } = await import('../../src/recipes/medmnist-v2/recipe.ts');
    const mroot = join(dir, 'chest');
    await medmnist.writeFixture(mroot, 'chestmnist');
    const ds = await loadDataset('medmnist-v2/chestmnist', { root: mroot, split: 'test', batchSize: 2 });
    expect(ds.info.task).toBe('multilabel');
    const [batch] = await ds.tf().take(1).toArray();
    const { xs, ys } = batch as { xs: tf.Tensor; ys: tf.Tensor };
    expect(xs.shape).toEqual([2, 28, 28, 1]);
    expect(ys.shape).toEqual([2, 14]);
    tf.dispose([xs, ys]);
  });
});
