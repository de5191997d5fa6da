import MiniSearch from 'minisearch';
import { z } from 'zod';
import { type Catalog, getCatalog } from './catalog.ts';
import { CatalogValidationError } from './errors.ts';
import type { Dataset } from './schema.ts';
import { isHanToken, tokenize, tokenizeName } from './tokenize.ts';
import { ACCESS, ANATOMY, DIMENSIONALITY, FILE_FORMAT, type Label, MODALITY, TASK } from './vocabulary.ts';

/** Facets in display order. `loadable` is whether the loaders SDK has a recipe for the dataset. */
export const FACETS = [
  'modality',
  'task',
  'anatomy',
  'dimensionality',
  'fileFormat',
  'access',
  'license',
  'loadable',
  'year',
] as const;
export type Facet = (typeof FACETS)[number];

const CLOSED_FACETS = {
  modality: MODALITY,
  task: TASK,
  anatomy: ANATOMY,
  dimensionality: DIMENSIONALITY,
  fileFormat: FILE_FORMAT,
  access: ACCESS,
} as const;

/** The facet values of one entry, as strings, so every facet is filtered and counted the same way. */
function facetValues(d: Dataset): Record<Facet, readonly string[]> {
  return {
    modality: d.modalities,
    task: d.tasks,
    anatomy: d.anatomy,
    dimensionality: d.dimensionality,
    fileFormat: d.fileFormats,
    access: [d.access],
    license: d.license ? [d.license] : [],
    loadable: [d.loader ? 'true' : 'false'],
    year: d.year ? [String(d.year)] : [],
  };
}

/** The number of items a dataset holds, for sorting by size: its largest stated count. */
export function sizeOf(d: Dataset): number {
  return Math.max(0, ...Object.values(d.counts).map((n) => n ?? 0));
}

const MAX_TEXT = 500;
const filterValues = z.array(z.string().min(1).max(100)).max(100);

export const searchQuerySchema = z.strictObject({
  text: z.string().max(MAX_TEXT, `text is limited to ${MAX_TEXT} characters`).default(''),
  filters: z
    .strictObject({
      modality: filterValues.optional(),
      task: filterValues.optional(),
      anatomy: filterValues.optional(),
      dimensionality: filterValues.optional(),
      fileFormat: filterValues.optional(),
      access: filterValues.optional(),
      license: filterValues.optional(),
      loadable: z.boolean().optional(),
      year: z.array(z.number().int().min(1990).max(2030)).max(100).optional(),
    })
    .default({}),
  sort: z.enum(['relevance', 'name', 'size', 'year']).default('relevance'),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export type SearchQuery = z.input<typeof searchQuerySchema>;
export type SearchFilters = NonNullable<SearchQuery['filters']>;

export interface SearchHit {
  id: string;
  /** Text relevance; 0 when the query has no text. */
  score: number;
  dataset: Dataset;
}

export interface FacetCount {
  value: string;
  count: number;
  /** English and Chinese labels; for open facets (license, year) the value itself. */
  label: Label;
}

export interface SearchResult {
  total: number;
  page: number;
  pageSize: number;
  hits: SearchHit[];
  /** For each facet, the counts it would have if its own selection were changed (disjunctive faceting). */
  facets: Record<Facet, FacetCount[]>;
}

interface Doc {
  id: number;
  names: string;
  description: string;
  topics: string;
}

type Sort = z.output<typeof searchQuerySchema>['sort'];

/**
 * Facet values of every entry as small integer codes in one flat array, so filtering and counting
 * a 100,000-entry catalog is a pass over typed arrays rather than over strings and objects.
 */
class FacetTable {
  /** Per facet, value → global code. */
  readonly codes = new Map<Facet, Map<string, number>>(FACETS.map((f) => [f, new Map()]));
  readonly values: { facet: Facet; value: string }[] = [];
  /** Values of entry i, facet f: flat[offsets[i * F + f] .. offsets[i * F + f + 1]). */
  readonly flat: Uint32Array;
  readonly offsets: Uint32Array;

  constructor(datasets: readonly Dataset[]) {
    const flat: number[] = [];
    this.offsets = new Uint32Array(datasets.length * FACETS.length + 1);
    datasets.forEach((d, i) => {
      const values = facetValues(d);
      FACETS.forEach((facet, f) => {
        this.offsets[i * FACETS.length + f] = flat.length;
        for (const v of values[facet]) flat.push(this.code(facet, v));
      });
    });
    this.offsets[datasets.length * FACETS.length] = flat.length;
    this.flat = Uint32Array.from(flat);
  }

  code(facet: Facet, value: string): number {
    const table = this.codes.get(facet)!;
    let code = table.get(value);
    if (code === undefined) {
      code = this.values.length;
      table.set(value, code);
      this.values.push({ facet, value });
    }
    return code;
  }

  /** Whether entry i has any of the wanted values in facet f. */
  has(i: number, f: number, wanted: Uint8Array): boolean {
    const end = this.offsets[i * FACETS.length + f + 1]!;
    for (let k = this.offsets[i * FACETS.length + f]!; k < end; k++) if (wanted[this.flat[k]!]) return true;
    return false;
  }

  count(i: number, f: number, counts: Uint32Array): void {
    const end = this.offsets[i * FACETS.length + f + 1]!;
    for (let k = this.offsets[i * FACETS.length + f]!; k < end; k++) counts[this.flat[k]!]!++;
  }
}

/** A search index over one catalog. Build once; queries are synchronous and allocation-light. */
export class SearchIndex {
  readonly #datasets: readonly Dataset[];
  readonly #mini: MiniSearch<Doc>;
  readonly #facets: FacetTable;
  readonly #licenses: Set<string>;
  /** Entry positions in each sort order, computed once: sorting strings per query is the slow part. */
  readonly #orders: Record<Exclude<Sort, 'relevance'>, Uint32Array>;
  readonly #nameRank: Uint32Array;

  constructor(catalog: Catalog) {
    const datasets = catalog.datasets;
    this.#datasets = datasets;
    this.#facets = new FacetTable(datasets);
    this.#licenses = new Set(datasets.flatMap((d) => (d.license ? [d.license] : [])));
    const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    const byName = [...datasets.keys()].sort((a, b) => collator.compare(datasets[a]!.name, datasets[b]!.name));
    this.#nameRank = new Uint32Array(datasets.length);
    byName.forEach((i, rank) => {
      this.#nameRank[i] = rank;
    });
    const sizes = datasets.map(sizeOf);
    const rankThen = (key: (i: number) => number) =>
      Uint32Array.from(byName).sort((a, b) => key(b) - key(a) || this.#nameRank[a]! - this.#nameRank[b]!);
    this.#orders = {
      name: Uint32Array.from(byName),
      size: rankThen((i) => sizes[i]!),
      year: rankThen((i) => datasets[i]!.year ?? 0),
    };
    this.#mini = new MiniSearch<Doc>({
      fields: ['names', 'topics', 'description'],
      tokenize: (text, field) => (field === 'names' ? text.split('\n').flatMap(tokenizeName) : tokenize(text)),
      processTerm: (term) => term,
      searchOptions: { tokenize },
    });
    this.#mini.addAll(datasets.map(toDoc));
  }

  search(input: SearchQuery = {}): SearchResult {
    const query = this.#parse(input);
    const scores = query.text.trim() ? this.#textScores(query.text) : undefined;
    const candidates = this.#candidates(query.sort, scores);

    const facets = this.#facets;
    const selected = this.#selected(query.filters);
    const counts = new Uint32Array(facets.values.length);
    const matches: number[] = [];
    for (const i of candidates) {
      let failing = -1;
      let failures = 0;
      for (const [f, wanted] of selected) {
        if (!facets.has(i, f, wanted)) {
          failing = f;
          if (++failures > 1) break;
        }
      }
      if (failures > 1) continue;
      // An entry failing only facet F still counts towards F's values: choosing one of them would include it.
      if (failures === 1) facets.count(i, failing, counts);
      else {
        for (let f = 0; f < FACETS.length; f++) facets.count(i, f, counts);
        matches.push(i);
      }
    }

    const start = (query.page - 1) * query.pageSize;
    return {
      total: matches.length,
      page: query.page,
      pageSize: query.pageSize,
      hits: matches.slice(start, start + query.pageSize).map((i) => ({
        id: this.#datasets[i]!.id,
        score: scores?.get(i) ?? 0,
        dataset: this.#datasets[i]!,
      })),
      facets: this.#facetCounts(counts),
    };
  }

  /** Entry positions to consider, already in result order. */
  #candidates(sort: Sort, scores: Map<number, number> | undefined): Iterable<number> {
    if (!scores) return this.#orders[sort === 'relevance' ? 'name' : sort];
    if (sort !== 'relevance') return this.#orders[sort].filter((i) => scores.has(i));
    return [...scores.keys()].sort(
      (a, b) => scores.get(b)! - scores.get(a)! || this.#nameRank[a]! - this.#nameRank[b]!,
    );
  }

  #selected(filters: z.output<typeof searchQuerySchema>['filters']): [number, Uint8Array][] {
    const selected: [number, Uint8Array][] = [];
    FACETS.forEach((facet, f) => {
      const raw = filters[facet];
      if (raw === undefined) return;
      const values = Array.isArray(raw) ? raw.map(String) : [String(raw)];
      if (!values.length) return;
      const wanted = new Uint8Array(this.#facets.values.length);
      for (const v of values) {
        const code = this.#facets.codes.get(facet)!.get(v);
        if (code !== undefined) wanted[code] = 1;
      }
      selected.push([f, wanted]);
    });
    return selected;
  }

  #facetCounts(counts: Uint32Array): Record<Facet, FacetCount[]> {
    const result = Object.fromEntries(FACETS.map((f) => [f, [] as FacetCount[]])) as Record<Facet, FacetCount[]>;
    this.#facets.values.forEach(({ facet, value }, code) => {
      if (counts[code]) result[facet].push({ value, count: counts[code]!, label: labelOf(facet, value) });
    });
    for (const list of Object.values(result)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return result;
  }

  /** Validates a query: malformed shapes, oversized text and unknown facet values are refused by name. */
  #parse(input: unknown) {
    const parsed = searchQuerySchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`);
      throw new CatalogValidationError(`Invalid search query: ${issues.join('; ')}`, issues);
    }
    const unknown: string[] = [];
    for (const [facet, vocabulary] of Object.entries(CLOSED_FACETS)) {
      const allowed: readonly string[] = vocabulary.values;
      for (const v of parsed.data.filters[facet as keyof typeof CLOSED_FACETS] ?? []) {
        if (!allowed.includes(v)) unknown.push(`filters.${facet}: unknown value "${v.slice(0, 100)}"`);
      }
    }
    for (const v of parsed.data.filters.license ?? []) {
      if (!this.#licenses.has(v)) unknown.push(`filters.license: no dataset has license "${v.slice(0, 100)}"`);
    }
    if (unknown.length) throw new CatalogValidationError(`Invalid search query: ${unknown.join('; ')}`, unknown);
    return parsed.data;
  }

  /**
   * Relevance of every entry matching the text. All terms must match (AND) so longer queries
   * narrow; if nothing matches all of them, any term may (OR), so a partly wrong query still finds
   * something. Latin terms of five letters or more tolerate one typo (one edit covers most misspellings, and more makes long words match half the index);
   * the last term also matches as a prefix, for search-as-you-type. Chinese grams match exactly.
   */
  #textScores(text: string): Map<number, number> {
    const options = {
      boost: { names: 4, topics: 2, description: 1 },
      prefix: (term: string, i: number, terms: string[]) =>
        i === terms.length - 1 && !isHanToken(term) && term.length >= 2,
      fuzzy: (term: string) => (isHanToken(term) || term.length < 5 ? false : 0.2),
      maxFuzzy: 1,
    };
    let results = this.#mini.search(text, { ...options, combineWith: 'AND' });
    if (results.length === 0) results = this.#mini.search(text, { ...options, combineWith: 'OR' });
    return new Map(results.map((r) => [r.id as number, r.score]));
  }
}

function toDoc(d: Dataset, index: number): Doc {
  const labels = (values: readonly string[], table: Record<string, Label>) =>
    values.flatMap((v) => [table[v]?.en ?? v, table[v]?.zh ?? '']);
  return {
    id: index,
    names: [d.id, d.name, d.fullName ?? '', ...d.aliases, d.challenge?.name ?? ''].join('\n'),
    topics: [
      ...labels(d.modalities, MODALITY.labels),
      ...labels(d.tasks, TASK.labels),
      ...labels(d.anatomy, ANATOMY.labels),
      ...d.diseases,
      ...(d.classes ?? []),
    ].join(' '),
    description: `${d.description.en} ${d.description.zh}`,
  };
}

function labelOf(facet: Facet, value: string): Label {
  if (facet in CLOSED_FACETS)
    return CLOSED_FACETS[facet as keyof typeof CLOSED_FACETS].labels[value as never] ?? { en: value, zh: value };
  if (facet === 'loadable')
    return value === 'true' ? { en: 'Loadable', zh: '可加载' } : { en: 'Not yet', zh: '暂不支持' };
  return { en: value, zh: value };
}

let realIndex: SearchIndex | undefined;

/** Searches the medsets catalog: ranked hits, facet counts for every facet, validated input. */
export function search(query: SearchQuery = {}): SearchResult {
  realIndex ??= new SearchIndex(getCatalog());
  return realIndex.search(query);
}
