import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '@medsets/db';
import { createAuth } from '~/server/auth';
import { createCaller } from '~/server/root';
import type { SessionUser } from '~/server/trpc';

export type Caller = ReturnType<typeof createCaller>;

/**
 * A real migrated embedded database, real better-auth accounts, and tRPC callers acting as each of
 * them: the routers are exercised exactly as a request would, minus HTTP.
 */
export interface World {
  db: Db;
  callerFor(user: SessionUser | null): Caller;
  signUp(name: string): Promise<SessionUser>;
  dispose(): Promise<void>;
}

export async function openWorld(): Promise<World> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medsets-web-test-'));
  process.env.BETTER_AUTH_SECRET ??= 'router-tests-secret-router-tests-secret-0123';
  process.env.MEDSETS_AUTH_RATE_LIMIT = 'off';
  const db = await createDb({ dataDir: path.join(dir, 'pg') });
  const auth = createAuth(db.client);
  let n = 0;
  return {
    db,
    callerFor: (user) => createCaller({ headers: new Headers(), getUser: async () => user, db: async () => db }),
    async signUp(name) {
      const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${++n}@example.test`;
      const { user } = await auth.api.signUpEmail({ body: { name, email, password: 'correct horse battery' } });
      return { id: user.id, name: user.name, email: user.email };
    },
    async dispose() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
