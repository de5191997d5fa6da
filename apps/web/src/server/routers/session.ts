import { createTRPCRouter, optionalUserProcedure } from '../trpc';

export const sessionRouter = createTRPCRouter({
  /** Who is signed in, or null. */
  me: optionalUserProcedure.query(({ ctx }) => ctx.user),
});
