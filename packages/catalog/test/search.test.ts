import { describe, expect, it } from 'vitest';
import {
  CatalogValidationError,
  DatasetNotFoundError,
  FACETS,
  getDataset,
  listDatasets,
  MODALITY,
  type SearchResult,
  search,
  sizeOf,
} from '../src/index.ts';

const ids = (r: SearchResult, n = 10) => r.hits.slice(0, n).map((h) => h.id);

describe('free-text search', () => {
  it.each(['肺结节', 'lung nodule'])('"%s" finds LUNA16, LIDC-IDRI and the Tianchi challenge', (text) => {
    const top = ids(search({ text, pageSize: 10 }));
    expect(top).toEqual(expect.arrayContaining(['luna16', 'lidc-idri', 'tianchi-lung-nodule']));
  });

  it.each(['BUSI', 'busi', 'breast ultrasound', '乳腺超声', 'brest ultrasond'])('"%s" finds BUSI first', (text) => {
    expect(ids(search({ text }), 1)).toEqual(['busi']);
  });

  it.each([
    ['kvasir seg', 'kvasir-seg'],
    ['Kvasir-SEG', 'kvasir-seg'],
    ['camelyon', 'camelyon17'],
    ['HAM10000', 'ham10000'],
    ['nct crc he 100k', 'nct-crc-he-100k'],
    ['眼底 血管 分割', 'drive'],
  ])('"%s" ranks %s in the top three', (text, id) => {
    expect(ids(search({ text }), 3)).toContain(id);
  });

  it('ranks the dataset named by a word above those whose descriptions mention it', () => {
    const r = search({ text: 'LIDC' });
    expect(ids(r, 1)).toEqual(['lidc-idri']);
    expect(ids(r)).toContain('luna16'); // LUNA16 is drawn from LIDC-IDRI, which its description says
  });

  it('corrects a one-letter typo in a word the catalog does not hold', () => {
    expect(ids(search({ text: 'camelyn' }), 2).sort()).toEqual(['camelyon16', 'camelyon17']);
  });

  it('completes the last word as a prefix, for search as you type', () => {
    expect(ids(search({ text: 'kvas' }), 3).sort()).toEqual(['kvasir-seg', 'kvasir-v1', 'kvasir-v2']);
    expect(ids(search({ text: 'polyp kvas' }), 3)).toContain('kvasir-seg');
  });

  it('returns nothing rather than everything for text that matches nothing', () => {
    expect(search({ text: 'qqqqzzzzxxxx' }).total).toBe(0);
  });
});

describe('facets', () => {
  const all = listDatasets();

  it('counts every facet over the whole catalog when nothing is selected', () => {
    const r = search({ pageSize: 100 });
    expect(r.total).toBe(all.length);
    expect(Object.keys(r.facets).sort()).toEqual([...FACETS].sort());
    for (const { value, count } of r.facets.modality) {
      expect(count, value).toBe(all.filter((d) => d.modalities.includes(value as never)).length);
    }
  });

  it('ANDs across facets, ORs within one, and counts a facet as if its own selection were open', () => {
    const r = search({ filters: { modality: ['ct', 'mri'], dimensionality: ['3d'] }, pageSize: 100 });
    const expected = all.filter(
      (d) => (d.modalities.includes('ct') || d.modalities.includes('mri')) && d.dimensionality.includes('3d'),
    );
    expect(r.total).toBe(expected.length);
    expect(r.hits.map((h) => h.id).sort()).toEqual(expected.map((d) => d.id).sort());
    // modality counts ignore the modality selection but honour the dimensionality one
    const threeD = all.filter((d) => d.dimensionality.includes('3d'));
    for (const { value, count } of r.facets.modality) {
      expect(count, value).toBe(threeD.filter((d) => d.modalities.includes(value as never)).length);
    }
  });

  it('combines text with filters', () => {
    const r = search({ text: 'lung', filters: { modality: ['ct'] } });
    expect(r.total).toBeGreaterThan(0);
    for (const h of r.hits) expect(h.dataset.modalities).toContain('ct');
  });

  it('labels facet values in both languages', () => {
    const ct = search().facets.modality.find((f) => f.value === 'ultrasound');
    expect(ct?.label).toEqual(MODALITY.labels.ultrasound);
  });
});

describe('sorting and paging', () => {
  it('sorts by name, size and year', () => {
    const byName = search({ sort: 'name', pageSize: 100 }).hits.map((h) => h.dataset.name.toLowerCase());
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    const sizes = search({ sort: 'size', pageSize: 100 }).hits.map((h) => sizeOf(h.dataset));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const years = search({ sort: 'year', pageSize: 100 }).hits.map((h) => h.dataset.year ?? 0);
    expect(years).toEqual([...years].sort((a, b) => b - a));
  });

  it('pages without overlap and covers every hit once', () => {
    const first = search({ sort: 'name', pageSize: 50, page: 1 });
    const pages = Math.ceil(first.total / 50);
    const seen = new Set<string>();
    for (let page = 1; page <= pages; page++) {
      for (const h of search({ sort: 'name', pageSize: 50, page }).hits) {
        expect(seen.has(h.id)).toBe(false);
        seen.add(h.id);
      }
    }
    expect(seen.size).toBe(first.total);
  });
});

describe('bad input', () => {
  it.each([
    ['a 1 MB query string', { text: 'x'.repeat(1 << 20) }],
    ['an unknown facet value', { filters: { modality: ['telepathy'] } }],
    ['an unknown facet', { filters: { colour: ['red'] } }],
    ['a filter that is not a list', { filters: { modality: 'ct' } }],
    ['an unknown license', { filters: { license: ['WTFPL-9'] } }],
    ['a bad sort', { sort: 'random' }],
    ['a page of zero', { page: 0 }],
    ['a query that is not an object', 'lung'],
  ])('refuses %s with a CatalogValidationError', (_, query) => {
    expect(() => search(query as never)).toThrow(CatalogValidationError);
  });

  it('names the closest ids for an unknown id', () => {
    const error = (() => {
      try {
        getDataset('LUNA17');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect((error as DatasetNotFoundError).suggestions).toContain('luna16');
    expect((error as Error).message).toContain('LUNA17');
  });
});
