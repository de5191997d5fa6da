import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { dataDirOf, openPGlite, pgliteAdapter } from './adapters.ts';
import { MigrationError } from './errors.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { type MigrationState, migrateDeploy, migrationState, type RawQuery } from './migrate.ts';

export type { Prisma } from './generated/prisma/client.ts';
export type { PrismaClient };

export interface DbOptions {
  /** A PostgreSQL connection string; defaults to DATABASE_URL. When neither is set the embedded database is used. */
  url?: string | undefined;
  /** The embedded database's folder; defaults to MEDSETS_DATA, then ./.data/pg. */
  dataDir?: string | undefined;
  /** Pool size for a server connection (pg's default is 10). */
  poolSize?: number | undefined;
}

/** A connected database: the typed Prisma client plus what it runs on. */
export interface Db {
  readonly client: PrismaClient;
  readonly kind: 'embedded' | 'server';
  /** Closes the client and, for the embedded database, PGlite itself (its files stay). */
  close(): Promise<void>;
}

/**
 * The one way to get a database. Embedded: pending migrations are applied first (migrate deploy through the wasm
 * schema engine). Server: migrations are an explicit deploy step (`npm run db:migrate`), so a server that is
 * behind the code is refused with a MigrationError instead of failing later on a missing column.
 */
export async function createDb(options: DbOptions = {}): Promise<Db> {
  const url = options.url ?? process.env.DATABASE_URL;
  return url ? connectServer(url, options.poolSize) : openEmbedded(path.resolve(dataDirOf(options)));
}

async function openEmbedded(dataDir: string): Promise<Db> {
  let pglite = await openPGlite(dataDir);
  const state = await migrationState(pgliteQuery(pglite));
  if (state.pending.length || state.failed.length) {
    if (dataDir.startsWith('memory://')) throw new MigrationError('an in-memory database cannot be migrated');
    // PGlite is single-process: release the folder so the schema engine can open it, then take it back.
    await pglite.close();
    await migrateDeploy({ dataDir });
    pglite = await openPGlite(dataDir);
  }
  const client = new PrismaClient({ adapter: pgliteAdapter(pglite) });
  return {
    client,
    kind: 'embedded',
    async close() {
      await client.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

async function connectServer(url: string, poolSize: number | undefined): Promise<Db> {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
  const state = await migrationState((sql) => client.$queryRawUnsafe<Record<string, unknown>[]>(sql));
  if (state.pending.length || state.failed.length) {
    await client.$disconnect();
    throw new MigrationError(describePending(state));
  }
  return { client, kind: 'server', close: () => client.$disconnect() };
}

function describePending({ pending, failed }: MigrationState): string {
  const parts = [];
  if (failed.length) parts.push(`failed migrations ${failed.join(', ')} need \`prisma migrate resolve\``);
  if (pending.length) parts.push(`pending migrations ${pending.join(', ')}: run \`npm run db:migrate\``);
  return `The database schema is behind the code: ${parts.join('; ')}`;
}

function pgliteQuery(pglite: PGlite): RawQuery {
  return async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows;
}
