import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type PostgresServer, postgresInstalled, startPostgres } from '../../packages/db/test/support/postgres.ts';
import { teamFlow } from './support/team-flow.ts';

/**
 * The same team flow with DATABASE_URL pointing at a throwaway PostgreSQL server (Debian's
 * postgresql package; db's test helper starts it). The app applies the migrations itself, as
 * `npm start` does. Outside CI a machine without PostgreSQL skips this file; in CI it must run.
 */
const available = postgresInstalled();
if (!available && process.env.CI === 'true')
  throw new Error('CI: PostgreSQL binaries are missing (apt-get install postgresql)');

let server: PostgresServer | undefined;
let url = '';

describe.skipIf(!available)('on PostgreSQL', () => {
  beforeAll(async () => {
    server = await startPostgres();
    const name = `e2e_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = server.urlFor(name);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('has a server', () => undefined);

  teamFlow('PostgreSQL', () => ({ DATABASE_URL: url }), { screenshots: false });
});
