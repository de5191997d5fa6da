import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createDb } from '../src/client.ts';
import { MigrationError } from '../src/errors.ts';
import { listMigrations, migrationState } from '../src/migrate.ts';
import { describeEachDatabase, postgresAvailable } from './support/databases.ts';

describeEachDatabase('migrated database', (get) => {
  it('has every migration recorded as applied by Prisma', async () => {
    const { db } = get();
    const state = await migrationState((sql) => db.client.$queryRawUnsafe(sql));
    expect(state).toEqual({ pending: [], failed: [] });
    const rows = await db.client.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(listMigrations());
  });

  it('enforces the rules the schema language cannot express', async () => {
    const { db } = get();
    const user = await db.client.user.create({
      data: { id: `u-${Date.now()}`, name: 'u', email: `u${Date.now()}@x.test` },
    });
    // A collection with no owner at all is refused by the database itself.
    await expect(
      db.client.collection.create({ data: { slug: 'orphan', title: 'Orphan', createdById: user.id } }),
    ).rejects.toThrow(/collection_one_owner|check constraint/i);
  });
});

describe('createDb on an empty embedded folder', () => {
  it('applies the migrations itself on first start and not again on the next', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'medsets-fresh-'));
    try {
      const first = await createDb({ dataDir: dir });
      expect(first.kind).toBe('embedded');
      expect(await first.client.team.count()).toBe(0);
      await first.close();
      const started = Date.now();
      const second = await createDb({ dataDir: dir });
      // No schema-engine run this time (that alone takes several seconds).
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(await second.client.user.count()).toBe(0);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.skipIf(!postgresAvailable())('createDb on a server that was never migrated', () => {
  it('refuses with a MigrationError that says what to run', async () => {
    const server = inject('postgres')!;
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    const name = `empty_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = server.adminUrl.replace(/\/postgres$/, `/${name}`);
      const attempt = createDb({ url });
      await expect(attempt).rejects.toBeInstanceOf(MigrationError);
      await expect(attempt).rejects.toThrow(/npm run db:migrate/);
    } finally {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
