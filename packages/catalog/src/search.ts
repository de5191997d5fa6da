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
  id: string;
  names: string;
  description: string;
  topics: string;
}

/** A search index over one catalog. Build once; queries are synchronous and allocation-light. */
export class SearchIndex {
  readonly #catalog: Catalog;
  readonly #mini: MiniSearch<Doc>;
  readonly #facets: Map<string, Record<Facet, readonly string[]>>;
  readonly #openValues: { license: Set<string>; year: Set<string> };

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
    this.#facets = new Map(catalog.datasets.map((d) => [d.id, facetValues(d)]));
    this.#openValues = {
      license: new Set(catalog.datasets.flatMap((d) => (d.license ? [d.license] : []))),
      year: new Set(catalog.datasets.flatMap((d) => (d.year ? [String(d.year)] : []))),
    };
    this.#mini = new MiniSearch<Doc>({
      fields: ['names', 'topics', 'description'],
      tokenize: (text, field) => (field === 'names' ? text.split('\n').flatMap(tokenizeName) : tokenize(text)),
      processTerm: (term) => term,
      searchOptions: { tokenize },
    });
    this.#mini.addAll(catalog.datasets.map(toDoc));
  }

  search(input: SearchQuery = {}): SearchResult {
    const query = this.#parse(input);
    const scores = query.text.trim() ? this.#textScores(query.text) : undefined;
    const candidates = scores ? [...scores.keys()].map((id) => this.#catalog.get(id)) : this.#catalog.datasets;

    const selected = selectedFilters(query.filters);
    const counts = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<
      Facet,
      Map<string, number>
    >;
    const matches: Dataset[] = [];
    for (const d of candidates) {
      const values = this.#facets.get(d.id)!;
      const failing = selected.filter(([facet, wanted]) => !values[facet].some((v) => wanted.has(v)));
      if (failing.length > 1) continue;
      // A dataset failing only facet F still counts towards F's values: choosing one of them would include it.
      const countedFacets = failing.length === 1 ? [failing[0]![0]] : FACETS;
      for (const facet of countedFacets) {
        for (const v of values[facet]) counts[facet].set(v, (counts[facet].get(v) ?? 0) + 1);
      }
      if (failing.length === 0) matches.push(d);
    }

    sortDatasets(matches, query.sort, scores);
    const start = (query.page - 1) * query.pageSize;
    return {
      total: matches.length,
      page: query.page,
      pageSize: query.pageSize,
      hits: matches
        .slice(start, start + query.pageSize)
        .map((d) => ({ id: d.id, score: scores?.get(d.id) ?? 0, dataset: d })),
      facets: Object.fromEntries(FACETS.map((f) => [f, facetCounts(f, counts[f])])) as Record<Facet, FacetCount[]>,
    };
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
      if (!this.#openValues.license.has(v)) unknown.push(`filters.license: no dataset has license "${v}"`);
    }
    if (unknown.length) throw new CatalogValidationError(`Invalid search query: ${unknown.join('; ')}`, unknown);
    return parsed.data;
  }

  /**
   * Relevance of every dataset matching the text. All terms must match (AND) so longer queries
   * narrow; if nothing matches all of them, any term may (OR), so a partly wrong query still finds
   * something. Latin terms tolerate typos and match prefixes; Chinese bigrams match exactly.
   */
  #textScores(text: string): Map<string, number> {
    const options = {
      boost: { names: 4, topics: 2, description: 1 },
      prefix: (term: string) => !isHanToken(term) && term.length >= 2,
      fuzzy: (term: string) => (isHanToken(term) || term.length < 4 ? false : 0.25),
      maxFuzzy: 2,
    };
    let results = this.#mini.search(text, { ...options, combineWith: 'AND' });
    if (results.length === 0) results = this.#mini.search(text, { ...options, combineWith: 'OR' });
    return new Map(results.map((r) => [r.id as string, r.score]));
  }
}

function toDoc(d: Dataset): Doc {
  const labels = (values: readonly string[], table: Record<string, Label>) =>
    values.flatMap((v) => [table[v]?.en ?? v, table[v]?.zh ?? '']);
  return {
    id: d.id,
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

function selectedFilters(filters: z.output<typeof searchQuerySchema>['filters']): [Facet, Set<string>][] {
  const selected: [Facet, Set<string>][] = [];
  for (const facet of FACETS) {
    const raw = filters[facet];
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw.map(String) : [String(raw)];
    if (values.length) selected.push([facet, new Set(values)]);
  }
  return selected;
}

function sortDatasets(list: Dataset[], sort: string, scores: Map<string, number> | undefined): void {
  const byName = (a: Dataset, b: Dataset) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });
  const compare: Record<string, (a: Dataset, b: Dataset) => number> = {
    relevance: scores ? (a, b) => scores.get(b.id)! - scores.get(a.id)! || byName(a, b) : byName,
    name: byName,
    size: (a, b) => sizeOf(b) - sizeOf(a) || byName(a, b),
    year: (a, b) => (b.year ?? 0) - (a.year ?? 0) || byName(a, b),
  };
  list.sort(compare[sort]);
}

function facetCounts(facet: Facet, counts: Map<string, number>): FacetCount[] {
  const table: Record<string, Label> | undefined =
    facet in CLOSED_FACETS ? CLOSED_FACETS[facet as keyof typeof CLOSED_FACETS].labels : undefined;
  const label = (v: string): Label =>
    table?.[v] ??
    (facet === 'loadable'
      ? v === 'true'
        ? { en: 'Loadable', zh: '可加载' }
        : { en: 'Not yet', zh: '暂不支持' }
      : { en: v, zh: v });
  return [...counts]
    .map(([value, count]) => ({ value, count, label: label(value) }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

let realIndex: SearchIndex | undefined;

/** Searches the medsets catalog: ranked hits, facet counts for every facet, validated input. */
export function search(query: SearchQuery = {}): SearchResult {
  realIndex ??= new SearchIndex(getCatalog());
  return realIndex.search(query);
}
