/**
 * The shared recipe harness (after TensorFlow Datasets' DatasetBuilderTestCase): every registered
 * recipe, in every config, writes its fixture in the dataset's real layout and formats; listSamples
 * must find exactly the fixture's samples, every referenced file must exist, splits must keep each
 * patient in one split, and loadDataset must stream every sample as tensors.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/backend.ts';
import { loadDataset, type Sample } from '../../src/load-dataset.ts';
import { infoOf, type Recipe, type SampleRef, type Source } from '../../src/recipes/recipe.ts';
import { listRecipes } from '../../src/recipes/registry.ts';
import { assignSplits, SPLITS } from '../../src/splits.ts';

const all = await listRecipes();
const only = process.env.MEDSETS_RECIPE;
const cases: [string, Recipe, string | undefined][] = all
  .filter((r) => !only || r.id === only)
  .flatMap((r) =>
    (r.configs ?? [undefined]).map((c) => [c ? `${r.id}/${c}` : r.id, r, c] as [string, Recipe, string | undefined]),
  );

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medsets-harness-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const sourcesOf = (ref: SampleRef): Source[] => [ref.image, ref.mask ?? []].flat().filter((s): s is Source => !!s);

describe.each(cases)('recipe %s', (name, recipe, config) => {
  let root: string;
  let refs: SampleRef[];
  let expected: Awaited<ReturnType<Recipe['writeFixture']>>;

  beforeAll(async () => {
    root = join(dir, name.replace('/', '__'));
    expected = await recipe.writeFixture(root, config);
    refs = await recipe.listSamples(root, config);
  });

  it('lists exactly the fixture samples, with unique ids and existing files', () => {
    expect(refs.length).toBe(expected.samples);
    expect(new Set(refs.map((r) => r.id)).size).toBe(refs.length);
    for (const ref of refs)
      for (const s of sourcesOf(ref)) if ('path' in s) expect(existsSync(s.path), `${ref.id}: ${s.path}`).toBe(true);
    for (const path of recipe.required(config)) expect(refs.length > 0 && path.length > 0).toBe(true);
  });

  it('keeps the official split and never puts a patient in two splits', () => {
    if (expected.splits)
      for (const [split, n] of Object.entries(expected.splits))
        expect(refs.filter((r) => r.split === split).length, split).toBe(n);
    for (const seed of [0, 1, 7]) {
      const parts = assignSplits(
        refs.map((r) => ({ ...r, group: r.group ?? r.patientId })),
        { seed },
      );
      expect(SPLITS.reduce((n, s) => n + parts[s].length, 0)).toBe(refs.length);
      const where = new Map<string, string>();
      for (const s of SPLITS)
        for (const r of parts[s]) {
          const g = r.group ?? r.id;
          expect(where.get(g) ?? s, `group ${g} in two splits`).toBe(s);
          where.set(g, s);
        }
    }
  });

  it('has labels inside its class list', () => {
    const info = infoOf(recipe, config);
    for (const ref of refs)
      if (typeof ref.label === 'number' && info.task === 'classification' && info.classes.length)
        expect(ref.label).toBeLessThan(info.classes.length);
  });

  it('streams every sample through loadDataset', async () => {
    const before = tf.memory().numTensors;
    const ds = await loadDataset(recipe, {
      root,
      config,
      workers: 2,
      ...(expected.tile ? { tile: expected.tile } : {}),
    });
    expect(ds.info.counts.train + ds.info.counts.val + ds.info.counts.test).toBe(expected.samples);
    let n = 0;
    for await (const s of ds as AsyncIterable<Sample>) {
      n++;
      const rank = s.image.shape.length;
      expect(rank === 3 || rank === 4).toBe(true);
      expect(s.image.dtype).toBe('float32');
      if (s.mask) {
        expect(s.mask.shape.slice(0, -1)).toEqual(s.image.shape.slice(0, -1));
        expect(s.mask.dtype).toBe('int32');
      }
      expect(s.meta.id).toBeTruthy();
      s.image.dispose();
      s.mask?.dispose();
      s.label?.dispose();
    }
    expect(n).toBe(expected.samples * (expected.tilesPerSample ?? 1));
    expect(tf.memory().numTensors).toBe(before);
  });
});
