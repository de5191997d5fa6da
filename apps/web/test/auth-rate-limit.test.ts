import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db, migrateDeploy } from '@medsets/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, createAuth } from '~/server/auth';
import { type PostgresServer, postgresInstalled, startPostgres } from '../../../packages/db/test/support/postgres';

/**
 * Sign-in attempts are counted in the database, so two server processes on one database share a limit. Two auth
 * instances stand in for the two processes; the row in rate_limit (and what happens when it is changed behind the
 * instances' backs) shows the count is not kept in a process's memory.
 */
process.env.BETTER_AUTH_SECRET ??= 'rate-limit-tests-secret-rate-limit-tests-0123';
const SIGN_IN_MAX = 5;

function signInAttempt(auth: ReturnType<typeof createAuth>, ip: string): Promise<number> {
  const request = new Request(`${baseURL()}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL(), 'x-forwarded-for': ip },
    body: JSON.stringify({ email: 'nobody@example.test', password: 'wrong password' }),
  });
  return auth.handler(request).then((r) => r.status);
}

async function attempts(auth: ReturnType<typeof createAuth>, ip: string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push(await signInAttempt(auth, ip));
  return statuses;
}

function withRateLimit<T>(setting: 'on' | 'off', make: () => T): T {
  const before = process.env.MEDSETS_AUTH_RATE_LIMIT;
  process.env.MEDSETS_AUTH_RATE_LIMIT = setting;
  try {
    return make();
  } finally {
    if (before === undefined) delete process.env.MEDSETS_AUTH_RATE_LIMIT;
    else process.env.MEDSETS_AUTH_RATE_LIMIT = before;
  }
}

function sharedLimitSuite(kind: string, open: () => Promise<{ db: Db; dispose: () => Promise<void> }>) {
  describe(`sign-in rate limit shared through the database (${kind})`, () => {
    let db: Db;
    let dispose: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ db, dispose } = await open());
    }, 120_000);

    afterAll(async () => {
      await dispose?.();
    });

    it('refuses the attempt after the limit in one process when the others were made in another', async () => {
      const [first, second] = withRateLimit('on', () => [createAuth(db.client), createAuth(db.client)]);
      const ip = '203.0.113.7';
      expect(await attempts(first!, ip, SIGN_IN_MAX)).toEqual(Array(SIGN_IN_MAX).fill(401));
      expect(await signInAttempt(second!, ip)).toBe(429);
      // Another address has its own count.
      expect(await signInAttempt(second!, '203.0.113.8')).toBe(401);

      const row = await db.client.rateLimit.findUnique({ where: { key: `${ip}|/sign-in/email` } });
      expect(row?.count).toBe(SIGN_IN_MAX);
      // The database is the only memory: clearing the row lets the address in again at once.
      await db.client.rateLimit.deleteMany({ where: { key: { startsWith: `${ip}|` } } });
      expect(await signInAttempt(second!, ip)).toBe(401);
    });

    it('counts attempts a process made before this one started', async () => {
      const ip = '198.51.100.20';
      await db.client.rateLimit.create({
        data: { id: `seed-${ip}`, key: `${ip}|/sign-in/email`, count: SIGN_IN_MAX, lastRequest: BigInt(Date.now()) },
      });
      const fresh = withRateLimit('on', () => createAuth(db.client));
      expect(await signInAttempt(fresh, ip)).toBe(429);
    });

    it('counts nothing when MEDSETS_AUTH_RATE_LIMIT=off', async () => {
      const unlimited = withRateLimit('off', () => createAuth(db.client));
      const ip = '192.0.2.44';
      expect(await attempts(unlimited, ip, SIGN_IN_MAX + 2)).toEqual(Array(SIGN_IN_MAX + 2).fill(401));
      expect(await db.client.rateLimit.count({ where: { key: { startsWith: `${ip}|` } } })).toBe(0);
    });
  });
}

sharedLimitSuite('embedded database', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medsets-rate-limit-'));
  const db = await createDb({ dataDir: path.join(dir, 'pg') });
  return {
    db,
    dispose: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const available = postgresInstalled();
if (!available && process.env.CI === 'true')
  throw new Error('CI: PostgreSQL binaries are missing (apt-get install postgresql)');

describe.skipIf(!available)('on PostgreSQL', () => {
  let server: PostgresServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  sharedLimitSuite('PostgreSQL', async () => {
    server = await startPostgres();
    // A throwaway server of its own: its maintenance database is as good as any.
    const url = server.adminUrl;
    await migrateDeploy({ url });
    const db = await createDb({ url });
    return { db, dispose: () => db.close() };
  });
});
