import { Index } from 'flexsearch';
import { describe, expect, it } from 'vitest';
import { getCatalog } from '../src/catalog.ts';
import { FieldPostings, slotOf } from '../src/search/postings.ts';
import { scanTerms, tokenize } from '../src/tokenize.ts';

const RESOLUTION = 9;

/** An index's content as its own export writes it: the ids it holds and each term's slots, sorted. */
function contentOf(index: Index) {
  const reg: unknown[] = [];
  const map: [string, unknown][] = [];
  index.export((key, data) => {
    if (key.endsWith('.reg')) reg.push(...JSON.parse(data));
    if (key.endsWith('.map')) map.push(...JSON.parse(data));
  });
  return { reg: reg.sort(), map: map.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
}

const datasets = getCatalog().datasets;

describe('FieldPostings', () => {
  it.each([
    [
      'descriptions in both languages (long fields, squeezed into slots)',
      datasets.map((d) => `${d.description.en} ${d.description.zh}`),
    ],
    [
      'task lists (short fields, one slot per term; some empty)',
      datasets.map((d, i) => (i % 5 ? d.tasks.join(' ') : '')),
    ],
  ])('holds exactly what FlexSearch builds with its own add from %s', (_, texts) => {
    const reference = new Index({ tokenize: 'strict', resolution: RESOLUTION, encode: tokenize });
    const postings = new FieldPostings(RESOLUTION);
    texts.forEach((text, i) => {
      reference.add(i, text);
      postings.add(i, (emit) => scanTerms(text, emit));
    });
    const built = contentOf(postings.toIndex(tokenize));
    expect(built.map.length).toBeGreaterThan(10);
    expect(built).toEqual(contentOf(reference));
  });

  it('finds an entry by a term it repeats, once, in the slot of its first appearance', () => {
    const postings = new FieldPostings(RESOLUTION);
    postings.add(0, (emit) => scanTerms('lung nodule lung 肺结节 结节', emit));
    postings.add(1, (emit) => scanTerms('nodule', emit));
    const index = postings.toIndex(tokenize);
    expect(index.search('lung', { resolve: false }).result).toEqual([[0]]);
    expect(index.search('nodule', { resolve: false }).result).toEqual([[1], [0]]);
    expect(index.search('结节', { resolve: false }).result).toEqual([undefined, undefined, undefined, [0]]);
    expect(postings.terms).toEqual(['lung', 'nodule', '肺结', '结节']);
  });
});

describe('slotOf', () => {
  it('gives each term its own slot in short fields and squeezes long ones, first term in slot 0', () => {
    expect([0, 1, 8].map((p) => slotOf(p, 9, RESOLUTION))).toEqual([0, 1, 8]);
    expect([0, 1, 50, 99].map((p) => slotOf(p, 100, RESOLUTION))).toEqual([0, 1, 5, 8]);
  });
});
