import type { Facet, SearchQuery } from '@medsets/catalog';

/**
 * The explorer's whole state lives in the URL, so a search can be bookmarked and shared:
 * `/?q=肺结节&modality=ct,mri&loadable=true&sort=year&page=2`. This module is shared by the
 * server page (first render) and the client (instant updates); it must not import the catalog
 * at run time, or every record would ship to the browser.
 */
export const FACET_KEYS = [
  'modality',
  'task',
  'anatomy',
  'dimensionality',
  'fileFormat',
  'access',
  'license',
  'loadable',
  'year',
] as const satisfies readonly Facet[];
// The list above repeats the catalog's FACETS (importing them would bundle the records); this fails
// to compile when the catalog gains a facet the explorer does not read from the URL.
const everyFacet: [Exclude<Facet, (typeof FACET_KEYS)[number]>] extends [never] ? true : never = true;
void everyFacet;

/** Facets shown in the sidebar (year is charted on /stats, not filtered in the sidebar). */
export const SIDEBAR_FACETS = FACET_KEYS.filter((f) => f !== 'year');

export const SORTS = ['relevance', 'name', 'size', 'year'] as const;
export type Sort = (typeof SORTS)[number];

export interface ExplorerState {
  q: string;
  filters: Partial<Record<Facet, string[]>>;
  sort: Sort;
  page: number;
}

export const PAGE_SIZE = 20;

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function read(params: ParamSource, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads the state from a URL; anything malformed falls back to the default rather than failing. */
export function parseState(params: ParamSource): ExplorerState {
  const filters: ExplorerState['filters'] = {};
  for (const facet of FACET_KEYS) {
    const raw = read(params, facet);
    if (!raw) continue;
    const values = [...new Set(raw.split(',').map((v) => v.trim()))].filter(Boolean).slice(0, 50);
    if (values.length) filters[facet] = values;
  }
  const sort = read(params, 'sort');
  const page = Number(read(params, 'page') ?? 1);
  return {
    q: (read(params, 'q') ?? '').slice(0, 500),
    filters,
    sort: SORTS.includes(sort as Sort) ? (sort as Sort) : 'relevance',
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** The query string for a state, omitting defaults so shared links stay short. */
export function toSearchParams(state: ExplorerState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of FACET_KEYS) {
    const values = state.filters[facet];
    if (values?.length) params.set(facet, values.join(','));
  }
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

export function explorerHref(state: Partial<ExplorerState>): string {
  const qs = toSearchParams({ q: '', filters: {}, sort: 'relevance', page: 1, ...state }).toString();
  return qs ? `/?${qs}` : '/';
}

/** The catalog query for a state. Year and loadable are typed in the catalog; the URL holds strings. */
export function toSearchQuery(state: ExplorerState): SearchQuery {
  const { year, loadable, ...rest } = state.filters;
  const filters: NonNullable<SearchQuery['filters']> = { ...rest };
  const years = (year ?? []).map(Number).filter((y) => Number.isInteger(y) && y >= 1990 && y <= 2030);
  if (years.length) filters.year = years;
  // "Loadable" is a single switch: both values selected is the same as none.
  if (loadable?.length === 1) filters.loadable = loadable[0] === 'true';
  return { text: state.q, filters, sort: state.sort, page: state.page, pageSize: PAGE_SIZE };
}

export function toggleValue(state: ExplorerState, facet: Facet, value: string): ExplorerState {
  const current = state.filters[facet] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const filters = { ...state.filters, [facet]: next };
  if (!next.length) delete filters[facet];
  return { ...state, filters, page: 1 };
}
