import { seededRandom } from './random.ts';

export type SplitName = 'train' | 'val' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'val', 'test'];

/** Fractions of the groups that go to each split; they need not add up to 1 (they are scaled). */
export interface SplitFractions {
  train: number;
  val: number;
  test: number;
}

export const DEFAULT_FRACTIONS: SplitFractions = { train: 0.7, val: 0.15, test: 0.15 };

/** What a split needs to know about a sample. */
export interface Splittable {
  id: string;
  /** Patient, lesion or case: every sample of a group lands in the same split. */
  group?: string;
  /** The dataset's own split, when it has one. */
  split?: SplitName;
}

/** A stable permutation of `items` under `seed` (Fisher–Yates with the package's seeded generator). */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Assign every sample to a split without leakage. Samples with an official split keep it. The
 * rest are split by group (patient, lesion, case; the sample id when there is none): groups are
 * sorted, shuffled under `seed`, and cut by the fractions, so the result depends only on the set of
 * groups and the seed, never on listing order. When the official split has no `val` (or no `test`)
 * and the fractions ask for one, it is carved out of the official `train` the same way, by group.
 */
export function assignSplits<T extends Splittable>(
  samples: readonly T[],
  options: { seed?: number; fractions?: SplitFractions } = {},
): Record<SplitName, T[]> {
  const seed = options.seed ?? 0;
  const fractions = options.fractions ?? DEFAULT_FRACTIONS;
  const out: Record<SplitName, T[]> = { train: [], val: [], test: [] };
  const official = samples.filter((s) => s.split);
  const unassigned = samples.filter((s) => !s.split);
  for (const s of official) out[s.split!].push(s);
  if (official.length) {
    // Carve missing official splits out of train, keeping the official ones untouched.
    const missing = SPLITS.filter((name) => name !== 'train' && !out[name].length && fractions[name] > 0);
    if (missing.length) {
      const pool = [...out.train, ...unassigned];
      const carve: SplitFractions = { train: fractions.train, val: 0, test: 0 };
      for (const name of missing) carve[name] = fractions[name];
      const parts = splitByGroup(pool, seed, carve);
      out.train = parts.train;
      for (const name of missing) out[name] = parts[name];
    } else {
      out.train.push(...unassigned);
    }
    for (const name of SPLITS) out[name].sort(byId);
    return out;
  }
  return splitByGroup(unassigned, seed, fractions);
}

function splitByGroup<T extends Splittable>(
  samples: readonly T[],
  seed: number,
  fractions: SplitFractions,
): Record<SplitName, T[]> {
  const byGroup = new Map<string, T[]>();
  for (const s of samples) {
    const key = s.group ?? s.id;
    const list = byGroup.get(key);
    if (list) list.push(s);
    else byGroup.set(key, [s]);
  }
  const groups = seededShuffle([...byGroup.keys()].sort(), seed);
  const total = fractions.train + fractions.val + fractions.test;
  if (!(total > 0)) throw new RangeError('split fractions must add up to more than 0');
  const n = groups.length;
  const nTest = Math.round((n * fractions.test) / total);
  const nVal = Math.round((n * fractions.val) / total);
  const out: Record<SplitName, T[]> = { train: [], val: [], test: [] };
  groups.forEach((g, i) => {
    const name: SplitName = i < nTest ? 'test' : i < nTest + nVal ? 'val' : 'train';
    out[name].push(...byGroup.get(g)!);
  });
  // Listing order within a split: by id, so it never depends on the file system.
  for (const name of SPLITS) out[name].sort(byId);
  return out;
}

/**
 * The part of `items` that worker `index` of `count` streams: every count-th item of a fixed
 * order. Shards are disjoint and together cover every item exactly once.
 */
export function shardOf<T>(items: readonly T[], shard: { index: number; count: number }): T[] {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1) throw new RangeError('shard.count must be a positive integer');
  if (!Number.isInteger(index) || index < 0 || index >= count)
    throw new RangeError(`shard.index ${index} outside 0..${count - 1}`);
  return items.filter((_, i) => i % count === index);
}

const byId = (a: Splittable, b: Splittable) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
