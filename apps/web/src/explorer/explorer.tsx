'use client';

import type { Facet } from '@medsets/catalog';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { DatasetCard } from '~/components/dataset-card';
import { useLang, useT } from '~/i18n/client';
import { fmt } from '~/i18n/format';
import { useTRPC } from '~/trpc/react';
import type { SearchOutput } from '~/trpc/types';
import { FacetSidebar } from './facet-sidebar';
import {
  type ExplorerState,
  PAGE_SIZE,
  parseState,
  SORTS,
  type Sort,
  toggleValue,
  toSearchParams,
  toSearchQuery,
} from './url-state';

/**
 * The explorer. The URL is the source of truth: every change is written to it with
 * history.replaceState (typing) or pushState (filters, pages), which Next keeps in sync with
 * useSearchParams, so back/forward and shared links restore the exact search.
 */
export function Explorer({ initialJson, initialKey }: { initialJson: string; initialKey: string }) {
  const initial = useMemo(() => JSON.parse(initialJson) as SearchOutput, [initialJson]);
  const t = useT();
  const lang = useLang();
  const trpc = useTRPC();
  const params = useSearchParams();
  // Next applies history changes to useSearchParams inside a transition, which can lag a click; a
  // controlled checkbox would snap back meanwhile. So the state changes at once and follows the URL
  // when it changes from outside (back/forward).
  const [state, setState] = useState(() => parseState(params));
  useEffect(() => setState(parseState(params)), [params]);
  const navigate = useCallback((next: ExplorerState, mode: 'push' | 'replace') => {
    setState(next);
    writeUrl(next, mode);
  }, []);
  const [text, setText] = useState(state.q);
  const [compare, setCompare] = useState<string[]>([]);
  const [showFilters, setShowFilters] = useState(false);

  // Typing updates the box at once; the URL (and so the query) follows a moment later.
  useEffect(() => setText(state.q), [state.q]);
  useEffect(() => {
    if (text === state.q) return;
    const timer = setTimeout(() => navigate({ ...state, q: text, page: 1 }, 'replace'), 120);
    return () => clearTimeout(timer);
  }, [text, state, navigate]);

  const query = useDeferredValue(toSearchQuery(state));
  const key = toSearchParams(state).toString();
  const result = useQuery(
    trpc.catalog.search.queryOptions(query, {
      placeholderData: keepPreviousData,
      initialData: key === initialKey ? initial : undefined,
    }),
  );
  const data = result.data;

  // Labels for every value on the page: every hit's values appear in the facet counts.
  const labels = useMemo(() => {
    const map = new Map<string, string>();
    if (data)
      for (const [facet, counts] of Object.entries(data.facets))
        for (const c of counts) map.set(`${facet}:${c.value}`, c.label[lang]);
    return map;
  }, [data, lang]);
  const label = useCallback((facet: string, value: string) => labels.get(`${facet}:${value}`) ?? value, [labels]);

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor="search" className="mb-1 block text-sm font-medium text-slate-700">
            {t.explorer.searchLabel}
          </label>
          <input
            id="search"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t.explorer.searchPlaceholder}
            maxLength={500}
            autoComplete="off"
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-500"
          />
        </div>
        <div>
          <label htmlFor="sort" className="mb-1 block text-sm font-medium text-slate-700">
            {t.explorer.sort}
          </label>
          <select
            id="sort"
            value={state.sort}
            onChange={(e) => navigate({ ...state, sort: e.target.value as Sort, page: 1 }, 'push')}
            className="rounded-md border border-slate-300 bg-white px-3 py-2"
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t.explorer.sortOptions[s]}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="grid grid-cols-1 gap-6 md:grid-cols-[15rem_minmax(0,1fr)]">
        <aside aria-label={t.explorer.filters}>
          {/* One sidebar: always shown from md up, behind a toggle on phones. */}
          <button
            type="button"
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-left text-sm font-medium md:hidden"
            aria-expanded={showFilters}
            aria-controls="facets"
            onClick={() => setShowFilters((v) => !v)}
          >
            {t.explorer.filters}
          </button>
          <div id="facets" className={`${showFilters ? 'pt-3' : 'hidden'} md:block md:pt-0`}>
            {data && (
              <FacetSidebar
                facets={data.facets}
                selected={state.filters}
                onToggle={(facet: Facet, value: string) => navigate(toggleValue(state, facet, value), 'push')}
                onClear={() => navigate({ ...state, filters: {}, page: 1 }, 'push')}
              />
            )}
          </div>
        </aside>

        <section aria-labelledby="results-heading" aria-busy={result.isFetching}>
          <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
            <h2
              id="results-heading"
              className="text-sm font-medium text-slate-700"
              aria-live="polite"
              data-testid="result-count"
            >
              {data ? fmt(t.explorer.results, { n: data.total }) : t.explorer.loading}
            </h2>
            {compare.length > 0 && (
              <Link
                href={`/compare?ids=${compare.join(',')}`}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${compare.length >= 2 ? 'bg-brand-600 text-white hover:bg-brand-700' : 'pointer-events-none bg-slate-200 text-slate-500'}`}
                aria-disabled={compare.length < 2}
              >
                {t.explorer.compareSelected} ({fmt(t.explorer.selected, { n: compare.length })})
              </Link>
            )}
          </div>
          {result.isError && !data && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
              {t.explorer.error} {result.error.message}
            </p>
          )}
          {!data && !result.isError && <ResultsSkeleton />}
          {data && data.total === 0 && (
            <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
              <p className="font-medium">{t.explorer.noResults}</p>
              <p className="mt-1 text-sm text-slate-600">{t.explorer.noResultsHint}</p>
            </div>
          )}
          {data && data.total > 0 && (
            <ol
              className={`grid grid-cols-1 gap-3 lg:grid-cols-2 ${result.isPlaceholderData ? 'opacity-60' : ''}`}
              data-testid="results"
            >
              {data.hits.map((hit) => (
                <li key={hit.id}>
                  <DatasetCard
                    d={hit}
                    lang={lang}
                    label={label}
                    itemsWord={t.explorer.items}
                    aside={
                      <label className="flex shrink-0 items-center gap-1 text-xs text-slate-500">
                        <input
                          type="checkbox"
                          className="size-4 accent-brand-600"
                          checked={compare.includes(hit.id)}
                          disabled={!compare.includes(hit.id) && compare.length >= 5}
                          onChange={() =>
                            setCompare((c) => (c.includes(hit.id) ? c.filter((x) => x !== hit.id) : [...c, hit.id]))
                          }
                          aria-label={`${t.explorer.selectToCompare}: ${hit.name}`}
                        />
                        <span aria-hidden="true">{t.nav.compare}</span>
                      </label>
                    }
                  />
                </li>
              ))}
            </ol>
          )}
          {data && pages > 1 && (
            <nav
              aria-label={fmt(t.explorer.page, { p: state.page, of: pages })}
              className="mt-4 flex items-center justify-center gap-3 text-sm"
            >
              <button
                type="button"
                disabled={state.page <= 1}
                onClick={() => navigate({ ...state, page: state.page - 1 }, 'push')}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 disabled:opacity-40"
              >
                {t.explorer.prev}
              </button>
              <span>{fmt(t.explorer.page, { p: state.page, of: pages })}</span>
              <button
                type="button"
                disabled={state.page >= pages}
                onClick={() => navigate({ ...state, page: state.page + 1 }, 'push')}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 disabled:opacity-40"
              >
                {t.explorer.next}
              </button>
            </nav>
          )}
        </section>
      </div>
    </div>
  );
}

function writeUrl(state: ExplorerState, mode: 'push' | 'replace') {
  const qs = toSearchParams(state).toString();
  const url = qs ? `/?${qs}` : '/';
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

function ResultsSkeleton() {
  return (
    <ul className="grid grid-cols-1 gap-3 lg:grid-cols-2" aria-hidden="true">
      {Array.from({ length: 6 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <li key={i} className="h-36 animate-pulse rounded-lg border border-slate-200 bg-white" />
      ))}
    </ul>
  );
}
