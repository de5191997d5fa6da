/**
 * `npm start`: builds the app if its production build is missing or stale, applies database
 * migrations (embedded PGlite by default, DATABASE_URL for PostgreSQL), then serves on PORT (3000)
 * from this process (./server.ts). No manual step: a fresh clone needs only `npm install && npm start`.
 */
import { buildIsFresh, nextBuild } from './build-state.ts';
import { prepareDatabase } from './prepare-db.ts';

if (!buildIsFresh()) {
  console.log('Building the web app (first start, or sources changed)…');
  try {
    nextBuild('inherit');
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

// Sets MEDSETS_DATA to an absolute folder, where the server below opens the database.
await prepareDatabase();
await import('./server.ts');
