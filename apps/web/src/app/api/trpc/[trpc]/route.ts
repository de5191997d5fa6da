import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { NextRequest } from 'next/server';
import { createTRPCContext } from '~/server/context';
import { isCrossSiteWrite } from '~/server/csrf';
import { appRouter } from '~/server/root';
import { CROSS_SITE_REFUSAL, logUnexpectedError, TRPC_ENDPOINT } from '~/server/trpc-endpoint';

// Production serves /api/trpc from Node's HTTP server before Next (src/server/trpc-node.ts); this route
// answers it under `next dev` and plain `next start`, with the same guard, context and error log.
const handler = (req: NextRequest) => {
  if (isCrossSiteWrite(req.method, req.headers)) return Response.json(CROSS_SITE_REFUSAL, { status: 403 });
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
    onError: logUnexpectedError,
  });
};

export { handler as GET, handler as POST };
