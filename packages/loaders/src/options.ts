import type { z } from 'zod';
import { LoaderOptionsError } from './errors.ts';

/** Validate options up front (as sharp does) so a typo fails before any file is touched. */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new LoaderOptionsError(`invalid ${what} options: ${detail}`);
  }
  return result.data;
}
