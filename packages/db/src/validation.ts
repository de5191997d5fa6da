import { z } from 'zod';
import { ValidationError } from './errors.ts';

/** Parses service input; the first issue becomes a ValidationError naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ValidationError(issue.path.map(String).join('.'), issue.message);
}

/**
 * A string PostgreSQL can store: text columns reject NUL, and letting it through would surface as a driver error
 * instead of a ValidationError that names the field.
 */
export const text = () => z.string().refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

// Ids of our own rows are UUIDs; better-auth makes user ids itself (random URL-safe strings).
export const idSchema = z.uuid({ message: 'must be a UUID' });
export const userIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a user id (letters, digits, _ and -)');

export const slugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug: letters, digits and single dashes');

/** Text limits: generous for people, small enough that one request cannot fill the database. */
export const LIMITS = {
  title: 200,
  name: 120,
  description: 5_000,
  note: 2_000,
  body: 20_000,
  tag: 40,
  tags: 20,
  sampleRef: 512,
  query: 200,
} as const;

export const titleSchema = text().trim().min(1).max(LIMITS.title);
export const versionSchema = z.number().int().min(1);

/**
 * Prisma's `contains` becomes LIKE '%term%' without escaping, so a user's % or _ would act as a wildcard. Escaped
 * with PostgreSQL's default LIKE escape (backslash), search terms match only themselves.
 */
export function likeLiteral(term: string): string {
  return term.replace(/[\\%_]/g, '\\$&');
}
