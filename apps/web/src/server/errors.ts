import { CatalogValidationError, DatasetNotFoundError } from '@medsets/catalog';
import { TRPCError } from '@trpc/server';

/**
 * Maps domain errors to tRPC errors by their class, never by message text. Messages of domain
 * errors are written for users (they name the input and the cause); anything else becomes a
 * generic 500 so no stack trace or internal detail reaches the browser.
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof CatalogValidationError)
    return new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
  if (error instanceof DatasetNotFoundError)
    return new TRPCError({ code: 'NOT_FOUND', message: error.message, cause: error });
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  // @medsets/db errors carry a stable `code`; matching it keeps this file free of a db import for catalog-only tests.
  switch (code) {
    case 'VALIDATION':
      return new TRPCError({ code: 'BAD_REQUEST', message, cause: error });
    case 'UNAUTHENTICATED':
      return new TRPCError({ code: 'UNAUTHORIZED', message, cause: error });
    case 'FORBIDDEN':
      return new TRPCError({ code: 'FORBIDDEN', message, cause: error });
    case 'NOT_FOUND':
      return new TRPCError({ code: 'NOT_FOUND', message, cause: error });
    case 'CONFLICT':
      return new TRPCError({ code: 'CONFLICT', message, cause: error });
    default:
      return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error', cause: error });
  }
}
