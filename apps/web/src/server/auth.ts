import 'server-only';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '@medsets/db';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { getDb } from './db';
import type { SessionUser } from './trpc';

/** The public address the app is served at; cookies, CSRF origin checks and redirects depend on it. */
export function baseURL(): string {
  return process.env.BETTER_AUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

/**
 * The signing secret: BETTER_AUTH_SECRET when set (required for several instances), otherwise one
 * generated on first start and kept next to the embedded database, so sessions survive restarts
 * without any manual set-up step. It never leaves the server.
 */
function secret(): string {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.resolve(process.env.MEDSETS_DATA ?? path.join('.data', 'pg'), '..', 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}

/** The same origin on localhost and 127.0.0.1 is one origin to a person, two to a browser. */
function trustedOrigins(url: string): string[] {
  const u = new URL(url);
  const aliases = ['localhost', '127.0.0.1'];
  if (!aliases.includes(u.hostname)) return [u.origin];
  return aliases.map((host) => `${u.protocol}//${host}${u.port ? `:${u.port}` : ''}`);
}

export function createAuth(client: PrismaClient) {
  const url = baseURL();
  return betterAuth({
    baseURL: url,
    basePath: '/api/auth',
    secret: secret(),
    trustedOrigins: trustedOrigins(url),
    database: prismaAdapter(client, { provider: 'postgresql' }),
    // Passwords are hashed with scrypt by better-auth; sessions are rows in the database, so they can be revoked.
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: process.env.MEDSETS_AUTH_RATE_LIMIT !== 'off',
      // Counters live in the rate_limit table, so every server process on one database shares one limit.
      storage: 'database',
      window: 60,
      max: 120,
      // Guessing passwords or mass-creating accounts gets a 429 quickly.
      customRules: {
        '/sign-in/email': { window: 60, max: 5 },
        '/sign-up/email': { window: 300, max: 5 },
      },
    },
    advanced: {
      // Secure (HTTPS-only, __Secure- prefixed) cookies whenever the app is served over HTTPS.
      useSecureCookies: url.startsWith('https://'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      ipAddress: { ipAddressHeaders: ['x-forwarded-for', 'x-real-ip'] },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const holder = globalThis as typeof globalThis & { medsetsAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  holder.medsetsAuth ??= getDb().then((db) => createAuth(db.client));
  return holder.medsetsAuth;
}

/** better-auth's session cookie, plain or __Secure- prefixed. Without it there is no session to look up. */
export function hasSessionCookie(headers: Headers): boolean {
  return /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=/.test(headers.get('cookie') ?? '');
}

/** The signed-in user of a request, or null. Anonymous requests never touch the database. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  if (!hasSessionCookie(headers)) return null;
  const session = await (await getAuth()).api.getSession({ headers });
  if (!session) return null;
  return { id: session.user.id, name: session.user.name, email: session.user.email };
}
