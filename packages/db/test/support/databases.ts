import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { createDb, type Db } from '../../src/client.ts';

export type DatabaseKind = 'pglite' | 'postgres';
export const KINDS: DatabaseKind[] = ['pglite', 'postgres'];

export interface TestDb {
  db: Db;
  kind: DatabaseKind;
  /** For a server: the connection string of this test's own database. */
  url?: string;
  dispose(): Promise<void>;
}

/** A fresh, migrated database of the given kind, private to the caller. */
export async function openTestDb(kind: DatabaseKind, options: { poolSize?: number } = {}): Promise<TestDb> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'medsets-pglite-'));
    cpSync(inject('pgliteTemplate'), dir, { recursive: true });
    const db = await createDb({ dataDir: dir });
    return {
      db,
      kind,
      dispose: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const server = inject('postgres');
  if (!server) throw new Error('PostgreSQL is not available');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(server.adminUrl, `CREATE DATABASE ${name} TEMPLATE ${server.template}`);
  const url = server.adminUrl.replace(/\/postgres$/, `/${name}`);
  const db = await createDb({ url, poolSize: options.poolSize });
  return {
    db,
    kind,
    url,
    dispose: async () => {
      await db.close();
      await admin(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Parallel test files may clone the template at the same instant; PostgreSQL then asks to retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        if (attempt >= 10 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
      }
    }
  } finally {
    await client.end();
  }
}

export function postgresAvailable(): boolean {
  return inject('postgres') !== null;
}

/**
 * Declares the same suite once per database kind. The PostgreSQL copy is skipped (with the warning printed by the
 * global setup) only when its binaries are missing outside CI.
 */
export function describeEachDatabase(
  title: string,
  body: (get: () => TestDb) => void,
  kinds: DatabaseKind[] = KINDS,
): void {
  for (const kind of kinds) {
    describe.skipIf(kind === 'postgres' && !postgresAvailable())(`${title} [${kind}]`, () => {
      let current: TestDb | undefined;
      beforeAll(async () => {
        current = await openTestDb(kind);
      });
      afterAll(async () => {
        await current?.dispose();
      });
      body(() => {
        if (!current) throw new Error('database not open yet');
        return current;
      });
    });
  }
}
