import type { TRPCError } from '@trpc/server';

/**
 * What both ways of serving /api/trpc share: Next's route handler (src/app/api/trpc, for `next dev`
 * and plain `next start`) and the production server's direct one (./trpc-node.ts).
 */
export const TRPC_ENDPOINT = '/api/trpc';

export const CROSS_SITE_REFUSAL = { error: 'Cross-site request refused' } as const;

/** Server log only: unexpected errors are logged with their cause, users see a generic message. */
export function logUnexpectedError({ error, path }: { error: TRPCError; path?: string }) {
  if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
}
