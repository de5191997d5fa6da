import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainBusi } from '../../examples/train-busi.ts';
import { tf } from '../../src/backend.ts';
import busi from '../../src/recipes/busi/recipe.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'medsets-train-'));
  await busi.writeFixture(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('examples/train-busi.ts', () => {
  it('trains on the BUSI fixture through fitDataset and the loss goes down', async () => {
    const before = tf.memory().numTensors;
    const lines: string[] = [];
    const { loss, info } = await trainBusi({ root, epochs: 6, size: 16, batchSize: 2, log: (l) => lines.push(l) });
    expect(info.train).toBeGreaterThan(0);
    expect(loss).toHaveLength(6);
    expect(loss.every(Number.isFinite)).toBe(true);
    expect(loss.at(-1)!).toBeLessThan(loss[0]!);
    expect(lines[0]).toMatch(/^BUSI: \d+ train/);
    expect(tf.memory().numTensors - before).toBeLessThan(5);
  });
});
