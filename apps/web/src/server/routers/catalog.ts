import { FACETS, getDataset, listDatasets, type SearchQuery, search, searchQuerySchema } from '@medsets/catalog';
import { z } from 'zod';
import { loadSnippet } from '../catalog/load-snippet';
import { similarDatasets } from '../catalog/similar';
import { catalogStats } from '../catalog/stats';
import { summarize } from '../catalog/summary';
import { createTRPCRouter, publicProcedure } from '../trpc';

const datasetRef = z.strictObject({ id: z.string().trim().min(1).max(200) });

// The catalog is immutable while the server runs, so a search's answer can be reused: the explorer's
// common queries (first page, popular facets) then cost a map lookup. Bounded, oldest entry evicted first.
const SEARCH_CACHE_SIZE = 500;
const searchCache = new Map<string, ReturnType<typeof searchSummaries>>();

function searchSummaries(input: SearchQuery) {
  const result = search(input);
  return {
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    hits: result.hits.map((h) => ({ ...summarize(h.dataset), score: h.score })),
    facets: result.facets,
  };
}

/** The catalog is public: every procedure here is read-only and needs no session. */
export const catalogRouter = createTRPCRouter({
  /** Instant search: ranked summaries plus disjunctive facet counts. Invalid filters are a BAD_REQUEST naming each. */
  search: publicProcedure.input(searchQuerySchema).query(({ input }) => {
    const key = JSON.stringify(input);
    let answer = searchCache.get(key);
    if (!answer) {
      answer = searchSummaries(input);
      if (searchCache.size >= SEARCH_CACHE_SIZE) searchCache.delete(searchCache.keys().next().value!);
      searchCache.set(key, answer);
    }
    return answer;
  }),

  /** One full entry by id or alias, with what the dataset page shows around it. */
  get: publicProcedure.input(datasetRef).query(({ input }) => {
    const dataset = getDataset(input.id);
    return {
      dataset,
      snippet: loadSnippet(dataset),
      similar: similarDatasets(dataset).map(summarize),
    };
  }),

  /** Full entries for the compare page, in the order asked; unknown ids fail with suggestions. */
  compare: publicProcedure
    .input(z.strictObject({ ids: z.array(z.string().trim().min(1).max(200)).min(2).max(5) }))
    .query(({ input }) => input.ids.map((id) => getDataset(id))),

  /** Id and name of every entry, for pickers (compare, add-to-collection). */
  names: publicProcedure.query(() => listDatasets().map((d) => ({ id: d.id, name: d.name }))),

  stats: publicProcedure.query(() => catalogStats()),

  facets: publicProcedure.query(() => FACETS),
});
