import 'server-only';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import next from 'next';
import { contentSecurityPolicy, needsPolicy, newNonce } from '../csp';
import { handleTRPC, isTRPCPath } from './trpc-node';

/**
 * The production server: one Node HTTP server that answers /api/trpc itself (./trpc-node.ts) and hands
 * every other request to Next's request handler, pages and all, after giving each page its CSP.
 */
export async function serve({ dir, port, hostname }: { dir: string; port: number; hostname?: string }) {
  const app = next({ dev: false, dir, port, hostname });
  await app.prepare();
  const handleWithNext = app.getRequestHandler();
  const securityHeaders = headersFromNextConfig(dir);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const pathname = (req.url ?? '/').split('?', 1)[0]!;
    if (isTRPCPath(pathname)) {
      for (const [key, value] of securityHeaders(pathname)) res.setHeader(key, value);
      handleTRPC(req, res);
      return;
    }
    setPolicy(req, res, pathname);
    handleWithNext(req, res).catch((error: unknown) => {
      console.error(`${req.method} ${pathname} failed:`, error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, resolve);
  });
  return { server, close: () => closeAll(server, app.close()) };
}

/**
 * The page's CSP with a fresh nonce (../csp.ts), on the response and on the request, where Next reads
 * the nonce for its inline scripts; a request carrying a policy skips the proxy, which would set the same.
 * A policy the client sent is never trusted.
 */
function setPolicy(req: IncomingMessage, res: ServerResponse, pathname: string) {
  delete req.headers['content-security-policy'];
  if (!needsPolicy(pathname, req.headers['next-router-prefetch'] !== undefined)) return;
  const csp = contentSecurityPolicy(newNonce(), false);
  req.headers['content-security-policy'] = csp;
  res.setHeader('content-security-policy', csp);
}

async function closeAll(server: Server, closingNext: Promise<void>) {
  server.closeAllConnections();
  await Promise.all([new Promise((resolve) => server.close(resolve)), closingNext]);
}

interface HeaderRule {
  source: string;
  regex: string;
  headers: { key: string; value: string }[];
  has?: unknown;
  missing?: unknown;
}

/**
 * The `headers()` of next.config.ts, as compiled into the build's routes manifest, so that responses
 * Next never sees carry the same security headers as its own.
 */
function headersFromNextConfig(dir: string): (pathname: string) => [string, string][] {
  const manifest = JSON.parse(readFileSync(path.join(dir, '.next', 'routes-manifest.json'), 'utf8')) as {
    headers: HeaderRule[];
  };
  const rules = manifest.headers.map((rule) => {
    // Conditions on cookies or headers are not evaluated here: refuse to start rather than send the wrong headers.
    if (rule.has || rule.missing)
      throw new Error(`next.config.ts headers(): conditional rule "${rule.source}" is not supported by the server`);
    return { pattern: new RegExp(rule.regex), headers: rule.headers.map((h): [string, string] => [h.key, h.value]) };
  });
  return (pathname) => rules.filter((r) => r.pattern.test(pathname)).flatMap((r) => r.headers);
}
