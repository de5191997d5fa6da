import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MigrationError } from './errors.ts';

export const PACKAGE_DIR = path.resolve(import.meta.dirname, '..');
export const MIGRATIONS_DIR = path.join(PACKAGE_DIR, 'prisma', 'migrations');

/** Runs one SQL statement and returns its rows; lets the same check work over PGlite and pg. */
export type RawQuery = (sql: string) => Promise<Record<string, unknown>[]>;

/** Migration folder names in the order Prisma applies them (lexical: they start with a timestamp). */
export function listMigrations(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort();
}

export interface MigrationState {
  pending: string[];
  /** Started but never finished and not rolled back: Prisma refuses to go on until someone resolves them. */
  failed: string[];
}

/** Compares the migrations folder with Prisma's own bookkeeping table, without touching the schema engine. */
export async function migrationState(query: RawQuery): Promise<MigrationState> {
  const [presence] = await query(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`);
  const rows = presence?.present
    ? await query('SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"')
    : [];
  const applied = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => String(r.migration_name)));
  const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => String(r.migration_name));
  return { pending: listMigrations().filter((name) => !applied.has(name)), failed };
}

export interface DeployTarget {
  /** A PostgreSQL server; when absent, the embedded database in dataDir. */
  url?: string | undefined;
  /** Absolute folder of the embedded database (must not be open in another PGlite at the same time). */
  dataDir?: string | undefined;
}

/**
 * `prisma migrate deploy` through Prisma's wasm schema engine (engine "js" in prisma.config.ts), run as a child
 * process because the engine has no public in-process API. It is slow to exit (~10 s: a timer inside the wasm
 * engine), which is why createDb calls it only when migrationState says something is pending.
 */
export async function migrateDeploy(target: DeployTarget): Promise<string> {
  const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
  delete env.DATABASE_URL;
  delete env.MEDSETS_DATA;
  if (target.url) env.DATABASE_URL = target.url;
  else if (target.dataDir) env.MEDSETS_DATA = path.resolve(target.dataDir);
  else throw new MigrationError('migrateDeploy needs a server url or an embedded data folder');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, 'migrate', 'deploy'],
      { cwd: PACKAGE_DIR, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (error) reject(new MigrationError(`prisma migrate deploy failed:\n${output.trim().slice(-4000)}`));
        else resolve(output);
      },
    );
  });
}
