import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { NextRequest } from 'next/server';
import { createTRPCContext } from '~/server/context';
import { isCrossSiteWrite } from '~/server/csrf';
import { appRouter } from '~/server/root';

const handler = (req: NextRequest) => {
  if (isCrossSiteWrite(req)) return Response.json({ error: 'Cross-site request refused' }, { status: 403 });
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
    onError({ error, path }) {
      // Server log only: unexpected errors are logged with their cause, users see a generic message.
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
    },
  });
};

export { handler as GET, handler as POST };
