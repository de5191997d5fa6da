import 'server-only';
import { getSessionUser } from './auth';
import { getDb } from './db';
import type { Context } from './trpc';

/** The context of one request: its headers, its signed-in user (if any) and the database. */
export async function createTRPCContext(opts: { headers: Headers }): Promise<Context> {
  let user: ReturnType<Context['getUser']> | undefined;
  return {
    headers: opts.headers,
    getUser: () => {
      user ??= getSessionUser(opts.headers);
      return user;
    },
    db: getDb,
  };
}
