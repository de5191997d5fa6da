import { listDatasets } from '@medsets/catalog';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { createCaller } from '~/server/root';
import type { Context } from '~/server/trpc';

// The catalog is public: an anonymous caller with no database at all must be able to use every procedure.
const anonymous = createCaller({
  headers: new Headers(),
  getUser: async () => null,
  db: () => Promise.reject(new Error('the catalog must not touch the database')),
} satisfies Context);

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe('catalog router', () => {
  it('searches in Chinese and returns light summaries with facet counts', async () => {
    const r = await anonymous.catalog.search({ text: '肺结节' });
    expect(r.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['luna16', 'lidc-idri']));
    expect(r.hits[0]).not.toHaveProperty('provenance');
    expect(r.facets.modality.find((f) => f.value === 'ct')?.label.zh).toBe('CT');
  });

  it('filters by facets and counts disjunctively', async () => {
    const all = await anonymous.catalog.search({ filters: { modality: ['ct'] }, pageSize: 100 });
    expect(all.hits.every((h) => h.modalities.includes('ct'))).toBe(true);
    // The modality facet still offers MRI with a count: choosing it would widen, not narrow, the results.
    expect(all.facets.modality.find((f) => f.value === 'mri')?.count).toBeGreaterThan(0);
  });

  it('refuses unknown facet values with BAD_REQUEST naming the value', async () => {
    const error = await failure(anonymous.catalog.search({ filters: { modality: ['xray-vision'] } }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('xray-vision');
  });

  it('refuses malformed input through zod before the catalog sees it', async () => {
    const error = await failure(anonymous.catalog.search({ text: 'x'.repeat(501) }));
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('gets an entry by alias with similar datasets and no loader snippet when there is no recipe', async () => {
    const r = await anonymous.catalog.get({ id: 'LC2500' });
    expect(r.dataset.id).toBe('lc25000');
    expect(r.similar.length).toBeGreaterThan(0);
    expect(r.similar.map((s) => s.id)).not.toContain('lc25000');
    expect(r.snippet === null).toBe(r.dataset.loader === null);
  });

  it('answers NOT_FOUND with suggestions for unknown ids', async () => {
    const error = await failure(anonymous.catalog.get({ id: 'LUNA17' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('luna16');
  });

  it('compares two to five entries in order', async () => {
    const r = await anonymous.catalog.compare({ ids: ['stare', 'drive'] });
    expect(r.map((d) => d.id)).toEqual(['stare', 'drive']);
    await expect(anonymous.catalog.compare({ ids: ['drive'] })).rejects.toThrow();
    await expect(anonymous.catalog.compare({ ids: ['a', 'b', 'c', 'd', 'e', 'f'] })).rejects.toThrow();
  });

  it('counts the whole catalog in the statistics', async () => {
    const s = await anonymous.catalog.stats();
    expect(s.total).toBe(listDatasets().length);
    expect(s.size.reduce((n, b) => n + b.count, 0)).toBe(s.total);
    expect(s.modality.reduce((n, b) => n + b.count, 0)).toBeGreaterThanOrEqual(s.total);
  });
});
