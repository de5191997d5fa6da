/**
 * `npm run bench -w @medsets/web`: the production build under load on this machine. Measures the
 * search procedure and the explorer page at 20 concurrent clients (autocannon), and the explorer's
 * first-load JavaScript, gzipped. Writes the numbers into BENCHMARKS.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { buildIsFresh, nextBuild, WEB_DIR, withTsx } from '../scripts/build-state.ts';

const CONNECTIONS = 20;
// `--quick` (5 s per target) is for iterating; the numbers in BENCHMARKS.md come from full runs.
const QUICK = process.argv.includes('--quick');
const DURATION_S = Number(process.env.BENCH_DURATION ?? (QUICK ? 5 : 15));

if (!buildIsFresh()) {
  console.log('Building the production app…');
  nextBuild('inherit');
}

const port = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as net.AddressInfo;
    s.close(() => resolve(port));
  });
});
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medsets-bench-'));
const serverEnv: NodeJS.ProcessEnv = {
  ...withTsx(process.env),
  MEDSETS_DATA: path.join(dataDir, 'pg'),
  BETTER_AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
};
delete serverEnv.DATABASE_URL;
// The server `npm start` runs (scripts/server.ts; tsx comes with NODE_OPTIONS), on a throwaway embedded database.
const serverScript = path.join(WEB_DIR, 'scripts', 'server.ts');
const server = spawn(process.execPath, [serverScript, '--port', String(port), '--hostname', '127.0.0.1'], {
  cwd: WEB_DIR,
  env: serverEnv,
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 240) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }

  const searchInputs = [
    { text: 'lung nodule' },
    { text: '肺结节' },
    { text: 'liver', filters: { modality: ['ct'] } },
    { filters: { task: ['segmentation'], dimensionality: ['3d'] }, sort: 'size' },
    { text: 'retina vessel segmentation' },
  ];
  const searchPaths = searchInputs.map(
    (input) => `/api/trpc/catalog.search?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  const explorerPaths = [
    '/',
    '/?q=liver&modality=ct',
    `/?q=${encodeURIComponent('肺结节')}`,
    '/?task=segmentation&sort=year',
  ];

  // Warm both routes (JIT, first render) so the numbers describe the steady state.
  for (const p of [...searchPaths, ...explorerPaths])
    for (let i = 0; i < 20; i++) await (await fetch(base + p)).arrayBuffer();

  const search = await load('search procedure (tRPC catalog.search)', searchPaths);
  const explorer = await load('explorer page (server-rendered /)', explorerPaths);
  // One client at a time: the service time itself, without queueing behind 19 others on two cores.
  const searchSolo = await load('search procedure, 1 client', searchPaths, 1);
  const explorerSolo = await load('explorer page, 1 client', explorerPaths, 1);
  const loadavg = os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
  const bundle = await firstLoadJs();

  const date = new Date().toISOString().slice(0, 10);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const row = (r: Result) => `| ${r.name} | ${r.p50} | ${r.p95} | ${r.p99} | ${Math.round(r.rps)} | ${r.errors} |`;
  const markdown = `# Web app benchmarks

\`npm run bench -w @medsets/web\` against the production build, served as \`npm start\` serves it
(\`scripts/server.ts\`: Next's request handler behind a Node HTTP server that answers /api/trpc itself; embedded database),
${CONNECTIONS} concurrent clients for ${DURATION_S} s per target (autocannon), after a warm-up. Measured
${date} on ${os.cpus().length} × ${cpu}, Node ${process.version}. Latencies in milliseconds.

| target | p50 | p95 | p99 | requests/s | errors |
| --- | ---: | ---: | ---: | ---: | ---: |
${row(search)}
${row(explorer)}
${row(searchSolo)}
${row(explorerSolo)}

Load average when the run ended (1 / 5 / 15 min): ${loadavg}. Other work on the machine shares the
two cores with the server and the load generator, and moves the 20-client numbers most.

Search rotates over ${searchInputs.length} queries (English, Chinese, filtered, facet-only); the explorer over
${explorerPaths.length} URLs, each a full server render with results and facet counts.

| first-load JavaScript of the explorer | gzipped |
| --- | ---: |
| ${bundle.files} files | ${(bundle.gzip / 1024).toFixed(1)} kB |

## Goals on this 2-core machine

| goal | measured | met |
| --- | ---: | :---: |
| search p95 < 20 ms | ${search.p95} ms | ${search.p95 < 20 ? 'yes' : 'no'} |
| explorer page p95 < 150 ms | ${explorer.p95} ms | ${explorer.p95 < 150 ? 'yes' : 'no'} |
| explorer first-load JS < 200 kB gzipped | ${(bundle.gzip / 1024).toFixed(1)} kB | ${bundle.gzip < 200 * 1024 ? 'yes' : 'no'} |

Reading the numbers: with 20 clients always waiting, the mean latency is 20 / throughput (Little's
law), so a p95 under 20 ms needs well over 1,000 requests/s from one Node process while autocannon
takes its share of the same two cores. The one-client rows show the service time itself (search
about ${searchSolo.p50} ms, a full explorer render about ${explorerSolo.p50} ms at the median); the rest of the 20-client latency
is queueing. What the app does to keep that service time low: /api/trpc is answered by tRPC's Node
adapter before Next's router (about 0.65 ms of server CPU per call instead of 1.8 ms through Next's route handler),
pages get their CSP nonce from the server itself instead of Next's proxy (running the proxy cost about 15% of an
explorer render's CPU), search answers are cached per query (the catalog is immutable while the server runs),
anonymous requests never touch the database or the session store, the search response carries card summaries
instead of full records, the explorer's first results cross the server/client boundary as one JSON string rather
than a tree React encodes field by field, the facet sidebar is rendered once, and number formatters are built once
rather than per card. What is left is mostly React and Next (node --cpu-prof under this load): writing the HTML
(react-dom/server, about a quarter of the CPU), the server-component payload encoded and decoded again for the
HTML (about an eighth), garbage collection (a tenth), streams and text encoding; the explorer's own components
are a few percent. Scaling further is horizontal (more server processes on PostgreSQL behind a load balancer), as
the architecture intends: the embedded PGlite database lives inside one process, so \`npm start\` does not fork.
`;
  if (!QUICK) writeFileSync(path.join(WEB_DIR, 'BENCHMARKS.md'), markdown);
  console.log(markdown);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dataDir, { recursive: true, force: true });
}

interface Result {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
}

async function load(name: string, paths: string[], connections = CONNECTIONS): Promise<Result> {
  const latencies = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 100_000,
    numberOfSignificantValueDigits: 3,
  });
  const result = await autocannon({
    url: base,
    connections,
    duration: DURATION_S,
    requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
    // Our own histogram, so p95 can be read (autocannon's summary stops at p90 and p97.5).
    histograms: { latencies },
  } as autocannon.Options);
  return {
    name,
    p50: latencies.getValueAtPercentile(50),
    p95: latencies.getValueAtPercentile(95),
    p99: latencies.getValueAtPercentile(99),
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
  };
}

/** Every script the explorer's HTML loads, fetched and gzipped as a browser would receive it. */
async function firstLoadJs(): Promise<{ files: number; gzip: number }> {
  const html = await (await fetch(`${base}/`)).text();
  const srcs = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]!))];
  let gzip = 0;
  for (const src of srcs)
    gzip += gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer()), { level: 9 }).length;
  return { files: srcs.length, gzip };
}
