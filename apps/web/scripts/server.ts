/**
 * The production server process: `node --import=tsx scripts/server.ts [--port N] [--hostname H]`
 * (PORT when no --port; every interface when no --hostname). `npm start` runs it after building and
 * migrating; the benchmark runs it as is. See src/server/http-server.ts.
 */
import { register } from 'node:module';
import { parseArgs } from 'node:util';
import { WEB_DIR } from './build-state.ts';

// React and Next pick their production builds from NODE_ENV, read when they are first loaded below.
Object.assign(process.env, {
  NODE_ENV: process.env.NODE_ENV ?? 'production',
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1',
});

// The server's own modules are loaded by Node, not by Next's React-server build, so `server-only` resolves
// to its empty module here as it does there (the condition is named react-server).
const emptyServerOnly = `export async function resolve(specifier, context, nextResolve) {
  return specifier === 'server-only' ? { url: 'data:text/javascript,', shortCircuit: true } : nextResolve(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(emptyServerOnly)}`);

const { values } = parseArgs({ options: { port: { type: 'string' }, hostname: { type: 'string' } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`Invalid port "${values.port ?? process.env.PORT}": expected an integer from 0 to 65535`);
  process.exit(1);
}

// better-auth's default public address (src/server/auth.ts) follows PORT, so it names the port served.
process.env.PORT = String(port);

const { serve } = await import('../src/server/http-server.ts');
const { close } = await serve({ dir: WEB_DIR, port, hostname: values.hostname });
console.log(`medsets web app: http://${values.hostname ?? 'localhost'}:${port}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
