import type { Tx } from './authorization.ts';
import type { Db } from './client.ts';
import { ConflictError } from './errors.ts';
import { Prisma } from './generated/prisma/client.ts';

/**
 * Runs a service body in one transaction. The waits are generous because the embedded database runs
 * transactions one at a time, so a burst of writers queues rather than fails.
 */
export function inTransaction<T>(db: Db, body: (tx: Tx) => Promise<T>): Promise<T> {
  return db.client.$transaction(body, { maxWait: 30_000, timeout: 30_000 });
}

/** Turns a unique-constraint violation into a ConflictError that says what clashed; rethrows anything else. */
export function conflictOnDuplicate(error: unknown, what: string): never {
  if (isUniqueViolation(error)) throw new ConflictError(`${what} already exists`);
  throw error;
}

/**
 * @prisma/adapter-pg reports a unique violation as Prisma's P2002; pglite-prisma-adapter passes the raw PostgreSQL
 * error through (kind "postgres", SQLSTATE 23505). Both mean the same thing.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === 'P2002';
  const cause = (error as { name?: string; cause?: { kind?: string; code?: string } } | null)?.cause;
  return (error as Error | null)?.name === 'DriverAdapterError' && cause?.kind === 'postgres' && cause.code === '23505';
}
