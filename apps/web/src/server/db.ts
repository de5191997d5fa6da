import 'server-only';
import type { Db } from '@medsets/db';

export type DbModule = typeof import('@medsets/db');

// @medsets/db is loaded by Node at run time instead of being bundled: it locates its migrations and the Prisma CLI
// relative to its own files (import.meta.dirname), which a bundle cannot preserve. Node reads its TypeScript
// through tsx (NODE_OPTIONS=--import=tsx in this app's build and start scripts).
let dbModulePromise: Promise<DbModule> | undefined;

/** The @medsets/db module: its services, errors and createDb. */
export function dbModule(): Promise<DbModule> {
  dbModulePromise ??= import(/* turbopackIgnore: true */ /* webpackIgnore: true */ '@medsets/db');
  return dbModulePromise;
}

// One database per server process, kept on globalThis so dev-mode module reloads do not open a
// second PGlite on the same folder (it is single-process and would refuse).
const holder = globalThis as typeof globalThis & { medsetsDb?: Promise<Db> };

/** The app's database: embedded PGlite by default, PostgreSQL when DATABASE_URL is set. */
export function getDb(): Promise<Db> {
  holder.medsetsDb ??= dbModule()
    .then((m) => m.createDb())
    .catch((error: unknown) => {
      holder.medsetsDb = undefined;
      throw error;
    });
  return holder.medsetsDb;
}
