import { describe, expect, it } from 'vitest';
import { assignSplits, SPLITS, seededShuffle, shardOf } from '../../src/splits.ts';

const samples = Array.from({ length: 200 }, (_, i) => ({
  id: `img${String(i).padStart(3, '0')}`,
  group: `P${i % 37}`,
}));

describe('assignSplits', () => {
  it('never puts one group in two splits, for any seed', () => {
    for (let seed = 0; seed < 20; seed++) {
      const parts = assignSplits(samples, { seed });
      const seen = new Map<string, string>();
      for (const s of SPLITS)
        for (const x of parts[s]) {
          expect(seen.get(x.group) ?? s).toBe(s);
          seen.set(x.group, s);
        }
      expect(SPLITS.reduce((n, s) => n + parts[s].length, 0)).toBe(samples.length);
    }
  });

  it('is deterministic and independent of listing order', () => {
    const a = assignSplits(samples, { seed: 3 });
    const b = assignSplits(seededShuffle(samples, 99), { seed: 3 });
    expect(b).toEqual(a);
    const c = assignSplits(samples, { seed: 4 });
    expect(c.test.map((s) => s.id)).not.toEqual(a.test.map((s) => s.id));
  });

  it('follows the fractions by group', () => {
    const parts = assignSplits(samples, { seed: 1, fractions: { train: 0.6, val: 0.2, test: 0.2 } });
    const groups = (s: keyof typeof parts) => new Set(parts[s].map((x) => x.group)).size;
    expect(groups('train') + groups('val') + groups('test')).toBe(37);
    expect(groups('val')).toBe(Math.round(37 * 0.2));
  });

  it('keeps the official split and carves val out of train by group', () => {
    const official = samples.map((s, i) => ({ ...s, split: i % 37 < 7 ? ('test' as const) : ('train' as const) }));
    const parts = assignSplits(official, { seed: 0 });
    expect(parts.test.every((s) => Number(s.group.slice(1)) < 7)).toBe(true);
    expect(parts.val.length).toBeGreaterThan(0);
    const trainGroups = new Set(parts.train.map((s) => s.group));
    expect(parts.val.some((s) => trainGroups.has(s.group))).toBe(false);
  });
});

describe('shardOf', () => {
  it('gives disjoint shards that cover every item once', () => {
    const items = Array.from({ length: 103 }, (_, i) => i);
    for (const count of [1, 2, 3, 8]) {
      const shards = Array.from({ length: count }, (_, index) => shardOf(items, { index, count }));
      expect(shards.flat().sort((a, b) => a - b)).toEqual(items);
    }
    expect(() => shardOf(items, { index: 3, count: 3 })).toThrow(/outside/);
  });
});
