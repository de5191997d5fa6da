import { randomBytes } from 'node:crypto';

/**
 * A URL slug for a title people typed: ASCII words joined by dashes, plus a short random suffix so
 * two "Lung CT" collections never collide (titles in Chinese get only the suffix after a prefix).
 */
export function slugFor(title: string, prefix: string): string {
  const base = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return `${base || prefix}-${randomBytes(3).toString('hex')}`;
}
