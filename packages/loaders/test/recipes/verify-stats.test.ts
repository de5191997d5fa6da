import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../src/download/http.ts';
import kits from '../../src/recipes/kits19/recipe.ts';
import medmnist from '../../src/recipes/medmnist-v2/recipe.ts';
import { datasetStats } from '../../src/stats.ts';
import { verifyDataset } from '../../src/verify.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medsets-verify-'));
  await medmnist.writeFixture(join(dir, 'm'), 'bloodmnist');
  await kits.writeFixture(join(dir, 'k'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('verifyDataset', () => {
  it('checks known checksums of files kept as distributed', async () => {
    const good = await sha256File(join(dir, 'm', 'bloodmnist.npz'));
    const ok = await verifyDataset(
      { ...medmnist, checksums: { 'bloodmnist.npz': good } },
      { root: join(dir, 'm'), config: 'bloodmnist' },
    );
    expect(ok.checksums).toEqual([{ file: 'bloodmnist.npz', status: 'ok' }]);
    expect(ok.ok).toBe(true);
    expect(ok.samples).toBe(6);
    const bad = await verifyDataset(
      { ...medmnist, checksums: { 'bloodmnist.npz': '0'.repeat(64) } },
      { root: join(dir, 'm'), config: 'bloodmnist' },
    );
    expect(bad.ok).toBe(false);
    expect(bad.problems).toContain('checksum mismatch: bloodmnist.npz');
  });

  it('reports a missing file a sample points to', async () => {
    await rm(join(dir, 'k', 'data', 'case_00001', 'segmentation.nii.gz'));
    const r = await verifyDataset(kits, { root: join(dir, 'k') });
    // Without its segmentation the case now counts as a test case: the listing still holds, so no missing file.
    expect(r.samples).toBe(4);
    await rm(join(dir, 'k', 'data', 'kits.json'));
    expect((await verifyDataset(kits, { root: join(dir, 'k') })).ok).toBe(true);
    await rm(join(dir, 'k', 'data'), { recursive: true });
    const gone = await verifyDataset(kits, { root: join(dir, 'k') });
    expect(gone.ok).toBe(false);
    expect(gone.missing).toEqual(['data']);
  });
});

describe('datasetStats', () => {
  it('counts classes per split and reads sizes from headers', async () => {
    const s = await datasetStats(medmnist, join(dir, 'm'), { config: 'bloodmnist' });
    expect(s.counts).toEqual({ train: 3, val: 1, test: 2 });
    expect(s.classes.reduce((n, c) => n + c.counts.train + c.counts.val + c.counts.test, 0)).toBe(6);
    expect(s.sizes).toEqual({ '28x28x3': 6 });
  });

  it('reads NIfTI shapes and spacings', async () => {
    const root = join(dir, 'k2');
    await kits.writeFixture(root);
    const s = await datasetStats(kits, root);
    expect(s.sizes).toEqual({ '8x8x6': 4 });
    expect(s.spacings).toEqual({ '3x0.8x0.8': 4 });
    expect(s.patients).toBe(4);
  });
});
