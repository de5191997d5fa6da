/**
 * `npm start`: builds the app if its production build is missing or stale, applies database
 * migrations (embedded PGlite by default, DATABASE_URL for PostgreSQL), then serves on PORT (3000).
 * No manual step: a fresh clone needs only `npm install && npm start`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildIsFresh, WEB_DIR } from './build-state.ts';
import { prepareDatabase } from './prepare-db.ts';

const nextEnv = () => ({
  ...process.env,
  NODE_OPTIONS: withTsx(process.env.NODE_OPTIONS),
  NEXT_TELEMETRY_DISABLED: '1',
});
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

if (!buildIsFresh()) {
  console.log('Building the web app (first start, or sources changed)…');
  const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: WEB_DIR, env: nextEnv(), stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Sets MEDSETS_DATA to an absolute folder, which the server inherits below.
await prepareDatabase();

const port = process.env.PORT ?? '3000';
const server = spawn(process.execPath, [nextBin, 'start', '--port', port], {
  cwd: WEB_DIR,
  env: nextEnv(),
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

/** Next's server imports @medsets/db's TypeScript at run time (see src/server/db.ts), through tsx. */
function withTsx(options = ''): string {
  return options.includes('--import=tsx') ? options : `${options} --import=tsx`.trim();
}
