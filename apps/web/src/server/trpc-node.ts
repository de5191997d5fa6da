import 'server-only';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import compression from 'compression';
import { createTRPCContext } from './context';
import { isCrossSiteWrite } from './csrf';
import { appRouter } from './root';
import { CROSS_SITE_REFUSAL, logUnexpectedError, TRPC_ENDPOINT } from './trpc-endpoint';

// compression() is typed as Express middleware but needs only Node's request and response.
const gzip = compression() as unknown as (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * /api/trpc on Node's own HTTP server, ahead of Next (scripts/server.ts): the same router, context,
 * CSRF guard and error log as the Next route, without Next's routing and Request/Response round trip,
 * which cost several times the procedure itself.
 */
const handler = createHTTPHandler({
  basePath: `${TRPC_ENDPOINT}/`,
  router: appRouter,
  // gzip when the client accepts it, as Next does for the responses it serves.
  middleware: gzip,
  createContext: ({ req }) => createTRPCContext({ headers: toHeaders(req.headers) }),
  onError: logUnexpectedError,
});

export function isTRPCPath(pathname: string): boolean {
  return pathname.startsWith(`${TRPC_ENDPOINT}/`);
}

/** Answers one /api/trpc request; the caller has set the site's security headers on `res`. */
export function handleTRPC(req: IncomingMessage, res: ServerResponse): void {
  if (isCrossSiteWrite(req.method, headerReader(req.headers))) {
    res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify(CROSS_SITE_REFUSAL));
    return;
  }
  handler(req, res);
}

/** Node's header object as the Fetch API's Headers, which the context (session lookup) reads. */
function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(incoming)) {
    // HTTP/2 pseudo-headers (":path") are not headers to a Fetch API reader.
    if (value === undefined || key.startsWith(':')) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, value);
  }
  return headers;
}

/** Reads lower-case header names straight from Node's object, for the guard that runs on every call. */
function headerReader(incoming: IncomingHttpHeaders): Pick<Headers, 'get'> {
  return {
    get: (name) => {
      const value = incoming[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
