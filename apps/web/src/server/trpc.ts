/**
 * The one place that defines what a request knows (context) and the kinds of procedure
 * (public, authed, team-scoped). Routers in ./routers use only these; authorization itself
 * lives in @medsets/db's services, which every procedure that touches people's data goes through.
 */
import type { Db } from '@medsets/db';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { dbModule } from './db';
import { toTRPCError } from './errors';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

export interface Context {
  headers: Headers;
  /** The signed-in user, or null for an anonymous visitor; looked up only by procedures that need it. */
  getUser: () => Promise<SessionUser | null>;
  /** The database, opened on first use so catalog-only requests never wait for it. */
  db: () => Promise<Db>;
}

// No data transformer: outputs are plain JSON and tRPC types dates as the ISO strings that arrive, which keeps
// a serializer out of the browser bundle.
const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause as { currentVersion?: unknown; issues?: unknown } | undefined;
    return {
      ...shape,
      // Never a stack trace to users, even in development builds served to a browser.
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodIssues:
          error.cause instanceof z.ZodError
            ? error.cause.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
            : undefined,
        currentVersion: typeof cause?.currentVersion === 'number' ? cause.currentVersion : undefined,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/** Turns every domain error a procedure throws into a typed tRPC error with a user-facing message. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  // tRPC wraps anything that is not a TRPCError as INTERNAL_SERVER_ERROR with the original as its cause.
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR' && result.error.cause) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorMapping);

/** Requires a signed-in user; `ctx.actor` is what the db services take. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const user = await ctx.getUser();
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to do this' });
  const [svc, store] = await Promise.all([dbModule(), ctx.db()]);
  // `svc` holds the services that authorize every read and write; `store` is the database they run on.
  return next({ ctx: { user, actor: { userId: user.id }, svc, store } });
});

/** Public, but knows who is asking when someone is (e.g. shared collections, the session itself). */
export const optionalUserProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const user = await ctx.getUser();
  return next({ ctx: { user, actor: user ? { userId: user.id } : null } });
});

/** Public procedures that read people's data the services expose to anyone (a public-link collection). */
export const publicDbProcedure = optionalUserProcedure.use(async ({ ctx, next }) => {
  const [svc, store] = await Promise.all([dbModule(), ctx.db()]);
  return next({ ctx: { svc, store } });
});

/**
 * Scoped to one team named by `teamId` in the input. Membership is checked here only to fail
 * fast; the services check the precise role for each action again inside their transaction.
 */
export const teamProcedure = authedProcedure.input(z.object({ teamId: z.uuid() })).use(async ({ ctx, input, next }) => {
  const team = await ctx.svc.teams.getTeam(ctx.store, ctx.actor, { teamId: input.teamId });
  return next({ ctx: { team } });
});
