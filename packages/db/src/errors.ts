/**
 * Every failure a service reports is a DbError with a stable `code`, so the web layer can map it to a status
 * without string matching. Messages name the input and the cause, never another team's data.
 */
export class DbError extends Error {
  readonly code: string = 'DB_ERROR';
  override name = 'DbError';
}

/** Input failed its schema or a domain rule; `field` is the dotted path of the offending input. */
export class ValidationError extends DbError {
  override readonly code = 'VALIDATION';
  override name = 'ValidationError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Invalid ${field || 'input'}: ${reason}`);
  }
}

/** The actor may see the thing but not do this to it. */
export class ForbiddenError extends DbError {
  override readonly code: string = 'FORBIDDEN';
  override name = 'ForbiddenError';
}

/** No signed-in user where one is required. A ForbiddenError, so "denied" checks catch both. */
export class AuthenticationRequiredError extends ForbiddenError {
  override readonly code = 'UNAUTHENTICATED';
  override name = 'AuthenticationRequiredError';
  constructor(action: string) {
    super(`Sign in to ${action}`);
  }
}

/**
 * The thing does not exist, or exists where the actor cannot see it: the two are indistinguishable on purpose,
 * so probing ids reveals nothing about other teams.
 */
export class NotFoundError extends DbError {
  override readonly code = 'NOT_FOUND';
  override name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`No ${entity} "${id}"`);
  }
}

/** The write lost a race or clashes with existing data; `currentVersion` is set for stale-version updates. */
export class ConflictError extends DbError {
  override readonly code = 'CONFLICT';
  override name = 'ConflictError';
  constructor(
    message: string,
    readonly currentVersion?: number,
  ) {
    super(message);
  }
}

/** The conflict a stale optimistic-concurrency version produces: says what to do, carries the current version. */
export function staleVersionError(entity: string, id: string, expected: number, current: number): ConflictError {
  return new ConflictError(
    `The ${entity} "${id}" was changed by someone else (you edited version ${expected}, it is now at ${current}); reload and retry`,
    current,
  );
}

/** The database schema is behind the code (a server needs `npm run db:migrate`) or a migration failed. */
export class MigrationError extends DbError {
  override readonly code = 'MIGRATION';
  override name = 'MigrationError';
}
