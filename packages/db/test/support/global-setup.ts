import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateDeploy } from '../../src/migrate.ts';
import { type PostgresServer, postgresInstalled, startPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite data folder with every migration applied; each test file works on its own copy. */
    pgliteTemplate: string;
    /** The test server, or null when its binaries are missing outside CI. */
    postgres: { adminUrl: string; templateUrl: string; template: string } | null;
  }
}

export const TEMPLATE_DB = 'medsets_template';

/**
 * Both databases are migrated from empty exactly as in production (migrate deploy through the wasm schema engine),
 * once; test files then clone the result, which keeps the suite fast.
 */
export default async function setup(project: TestProject) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'medsets-db-test-'));
  let server: PostgresServer | undefined;
  const teardown = async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const pgliteTemplate = path.join(root, 'pglite-template');
    const [, postgres] = await Promise.all([
      migrateDeploy({ dataDir: pgliteTemplate }),
      (async () => {
        if (!postgresInstalled()) {
          if (process.env.CI === 'true')
            throw new Error('CI: PostgreSQL binaries are missing (install the postgresql package)');
          console.warn(
            '\n⚠ PostgreSQL binaries not found: the db tests run on PGlite only (install Debian postgresql).\n',
          );
          return null;
        }
        server = await startPostgres();
        const admin = new pg.Client({ connectionString: server.adminUrl });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
        await admin.end();
        const templateUrl = server.urlFor(TEMPLATE_DB);
        await migrateDeploy({ url: templateUrl });
        return { adminUrl: server.adminUrl, templateUrl, template: TEMPLATE_DB };
      })(),
    ]);
    // A pristine copy the tests never open, kept apart from the folder the schema engine used.
    const pristine = path.join(root, 'pglite-pristine');
    cpSync(pgliteTemplate, pristine, { recursive: true });
    project.provide('pgliteTemplate', pristine);
    project.provide('postgres', postgres);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
