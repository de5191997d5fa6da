/**
 * `npm start`: builds the app if its production build is missing or stale, applies database
 * migrations (embedded PGlite by default, DATABASE_URL for PostgreSQL), then serves on PORT (3000)
 * from this process (./server.ts). No manual step: a fresh clone needs only `npm install && npm start`.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildIsFresh, WEB_DIR } from './build-state.ts';
import { prepareDatabase } from './prepare-db.ts';

if (!buildIsFresh()) {
  console.log('Building the web app (first start, or sources changed)…');
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const build = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: WEB_DIR,
    // The build imports @medsets/db's TypeScript (see src/server/db.ts), as this process does through tsx.
    env: { ...process.env, NODE_OPTIONS: withTsx(process.env.NODE_OPTIONS), NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Sets MEDSETS_DATA to an absolute folder, where the server below opens the database.
await prepareDatabase();
await import('./server.ts');

function withTsx(options = ''): string {
  return options.includes('--import=tsx') ? options : `${options} --import=tsx`.trim();
}
