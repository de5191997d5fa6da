import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  body?: Buffer;
  /** Status to answer with instead of the body. */
  status?: number;
  /** Cut the connection after this many bytes on the first `cuts` requests. */
  cutAfter?: number;
  cuts?: number;
  /** Fail with 500 on the first `failures` requests, then serve. */
  failures?: number;
  /** Ignore Range headers (answer 200 with the whole body). */
  noRanges?: boolean;
}

/**
 * A loopback-only HTTP server that serves fixture bytes and injects faults: cut connections,
 * 404/500 answers, servers that ignore Range. Every request is logged so tests can check what the
 * client asked for; requests beyond `maxRequests` get 429 so a retry loop cannot run away.
 */
export class FaultServer {
  readonly requests: { path: string; range?: string }[] = [];
  private readonly counts = new Map<string, number>();
  private server: Server;
  private base = '';

  constructor(
    private readonly routes: Record<string, Route>,
    private readonly maxRequests = 50,
  ) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    return this.base;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0]!;
    this.requests.push({ path, range: req.headers.range });
    if (this.requests.length > this.maxRequests) return void res.writeHead(429).end();
    const route = this.routes[path];
    const n = (this.counts.get(path) ?? 0) + 1;
    this.counts.set(path, n);
    if (!route) return void res.writeHead(404, 'Not Found').end('not found');
    if (route.status) return void res.writeHead(route.status).end(`status ${route.status}`);
    if (route.failures && n <= route.failures) return void res.writeHead(500, 'Internal Server Error').end();
    const body = route.body ?? Buffer.alloc(0);
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && !route.noRanges) start = Number(range[1]);
    if (start > body.length) return void res.writeHead(416).end();
    const headers: Record<string, string | number> = {
      'content-length': body.length - start,
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
    };
    if (start > 0) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    const chunk = body.subarray(start);
    if (route.cutAfter !== undefined && n <= (route.cuts ?? 1)) {
      res.write(chunk.subarray(0, route.cutAfter), () => {
        // Destroy the socket mid-body: the client sees a premature close, as on a dropped link.
        setTimeout(() => res.socket?.destroy(), 20);
      });
      return;
    }
    res.end(chunk);
  }
}
