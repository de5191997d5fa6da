import { annotationsRouter } from './routers/annotations';
import { catalogRouter } from './routers/catalog';
import { collectionsRouter } from './routers/collections';
import { sessionRouter } from './routers/session';
import { teamsRouter } from './routers/teams';
import { createCallerFactory, createTRPCRouter } from './trpc';

/** Every domain's router; the client's types come from here. */
export const appRouter = createTRPCRouter({
  catalog: catalogRouter,
  session: sessionRouter,
  teams: teamsRouter,
  collections: collectionsRouter,
  annotations: annotationsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
