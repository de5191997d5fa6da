import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

/** Where the embedded database keeps its files unless told otherwise. */
export const DEFAULT_DATA_DIR = path.join('.data', 'pg');

export interface Target {
  /** A PostgreSQL connection string; when absent the embedded database is used. */
  url?: string | undefined;
  /** The embedded database's folder ("memory://" keeps it in memory); ignored when url is set. */
  dataDir?: string | undefined;
}

/** The embedded database's folder: explicit option, then MEDSETS_DATA, then ./.data/pg. */
export function dataDirOf(target: Target): string {
  return target.dataDir ?? process.env.MEDSETS_DATA ?? DEFAULT_DATA_DIR;
}

/** The adapter factory the schema engine (prisma migrate) talks through. */
export async function migrationAdapter(target: Target): Promise<SqlMigrationAwareDriverAdapterFactory> {
  if (target.url) return new PrismaPg(new pg.Pool({ connectionString: target.url, Client: NameAsTextClient }));
  return pgliteAdapter(await openPGlite(dataDirOf(target)));
}

/**
 * pglite-prisma-adapter 0.6 (the last line for Prisma 6) is typed against driver-adapter-utils 6.10, whose ArgType
 * differs from 6.19's; it never reads argTypes, so only the types disagree and the cast is safe.
 */
export function pgliteAdapter(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
}

/** Opens (creating if needed) the embedded database in a folder, or in memory for "memory://". */
export async function openPGlite(dataDir: string): Promise<PGlite> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  return PGlite.create(dataDir);
}

const PG_NAME = 19;
const PG_TEXT = 25;

/**
 * The schema engine reads PostgreSQL's catalogs, whose identifiers have the internal type `name`, and
 * @prisma/adapter-pg 6.19 has no mapping for it ("Column type 'name' could not be deserialized", prisma/orm#27403).
 * `name` is plain text on the wire, so reporting it as text is exact. Used for migrations only.
 */
class NameAsTextClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      // pg-pool calls with a callback, direct users await a promise: fix the result on both paths.
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        args[args.length - 1] = (error: unknown, result: unknown) => callback(error, result && nameAsText(result));
      }
      const result = query(...args);
      return result instanceof Promise ? result.then(nameAsText) : result;
    }) as typeof this.query;
  }
}

function nameAsText<T>(result: T): T {
  for (const field of (result as { fields?: pg.FieldDef[] }).fields ?? []) {
    if (field.dataTypeID === PG_NAME) field.dataTypeID = PG_TEXT;
  }
  return result;
}
