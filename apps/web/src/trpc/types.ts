import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '~/server/root';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type SearchOutput = RouterOutputs['catalog']['search'];
export type SearchHitSummary = SearchOutput['hits'][number];
