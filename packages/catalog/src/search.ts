import { z } from 'zod';
import { type Catalog, getCatalog } from './catalog.ts';
import { CatalogValidationError } from './errors.ts';
import type { Dataset } from './schema.ts';
import { FACETS, type Facet, FacetTable, type Selection } from './search/facet-table.ts';
import { type TextFields, TextIndex, type TextMatches } from './search/text-index.ts';
import { ACCESS, ANATOMY, DIMENSIONALITY, FILE_FORMAT, type Label, MODALITY, TASK } from './vocabulary.ts';

export { FACETS, type Facet };

const CLOSED_FACETS = {
  modality: MODALITY,
  task: TASK,
  anatomy: ANATOMY,
  dimensionality: DIMENSIONALITY,
  fileFormat: FILE_FORMAT,
  access: ACCESS,
} as const;

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

/** Relevance keys: 26 bits of name rank under 26 bits of score steps fit a float64 exactly. */
const RANK_SPAN = 2 ** 26;
const SCORE_STEPS_PER_UNIT = 1024;
const MAX_SCORE_STEPS = 2 ** 26 - 1;

type Sort = z.output<typeof searchQuerySchema>['sort'];

/** A search index over one catalog. Build once; queries are synchronous and allocation-light. */
export class SearchIndex {
  readonly #datasets: readonly Dataset[];
  readonly #text: TextIndex;
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
    this.#text = new TextIndex(datasets.map(textOf));
  }

  search(input: SearchQuery = {}): SearchResult {
    const query = this.#parse(input);
    const matches = query.text.trim() ? this.#text.match(query.text) : undefined;
    const candidates = this.#candidates(query.sort, matches);

    const { hits, counts } = this.#facets.select(candidates, this.#selection(query.filters));

    const start = (query.page - 1) * query.pageSize;
    return {
      total: hits.length,
      page: query.page,
      pageSize: query.pageSize,
      hits: Array.from(hits.subarray(start, start + query.pageSize), (i) => ({
        id: this.#datasets[i]!.id,
        score: matches?.scores[i] ?? 0,
        dataset: this.#datasets[i]!,
      })),
      facets: this.#facetCounts(counts),
    };
  }

  /** Entry positions to consider, already in result order. */
  #candidates(sort: Sort, matches: TextMatches | undefined): Uint32Array {
    if (!matches) return this.#orders[sort === 'relevance' ? 'name' : sort];
    if (sort !== 'relevance') {
      const matched = new Uint8Array(this.#datasets.length);
      for (const i of matches.entries) matched[i] = 1;
      return this.#orders[sort].filter((i) => matched[i]);
    }
    return this.#byRelevance(matches);
  }

  /**
   * Matches by descending score, ties by name. Each match becomes one number, its score in steps
   * of 1/1024 above its name rank, so a native numeric sort does the work: a comparator over the
   * 50,000 matches of a broad word costs more than the rest of the query.
   */
  #byRelevance({ entries, scores }: TextMatches): Uint32Array {
    const keys = new Float64Array(entries.length);
    entries.forEach((i, k) => {
      const steps = Math.min(MAX_SCORE_STEPS, Math.round(scores[i]! * SCORE_STEPS_PER_UNIT));
      keys[k] = steps * RANK_SPAN + (RANK_SPAN - 1 - this.#nameRank[i]!);
    });
    keys.sort().reverse();
    const byName = this.#orders.name;
    const order = new Uint32Array(keys.length);
    keys.forEach((key, k) => {
      order[k] = byName[RANK_SPAN - 1 - (key % RANK_SPAN)]!;
    });
    return order;
  }

  #selection(filters: z.output<typeof searchQuerySchema>['filters']): Selection {
    const selection: { facet: number; wanted: Uint8Array }[] = [];
    FACETS.forEach((facet, f) => {
      const raw = filters[facet];
      if (raw === undefined) return;
      const values = Array.isArray(raw) ? raw.map(String) : [String(raw)];
      if (!values.length) return;
      const accepts = new Uint8Array(this.#facets.values.length);
      for (const v of values) {
        const code = this.#facets.codes.get(facet)!.get(v);
        if (code !== undefined) accepts[code] = 1;
      }
      selection.push({ facet: f, wanted: accepts });
    });
    return selection;
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
}

function textOf(d: Dataset): TextFields {
  const labels = (values: readonly string[], table: Record<string, Label>) =>
    values.flatMap((v) => [table[v]?.en ?? v, table[v]?.zh ?? '']);
  return {
    names: [d.id, d.name, d.fullName ?? '', ...d.aliases, d.challenge?.name ?? ''],
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
