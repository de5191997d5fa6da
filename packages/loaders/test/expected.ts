import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The reference folder copied unchanged from shared/reference, and what independent tools read from it. */
export const referenceDir = join(dirname(fileURLToPath(import.meta.url)), 'reference');

export interface Sample {
  index: number[];
  value: number | number[];
}

export interface ExpectedFile {
  note: string;
  samples?: Sample[];
  [key: string]: unknown;
}

export interface Expected {
  files: Record<string, ExpectedFile>;
  damaged: Record<string, string>;
}

export const expected: Expected = JSON.parse(readFileSync(join(referenceDir, 'expected.json'), 'utf8'));

export function entries(prefix: string): [string, ExpectedFile][] {
  return Object.entries(expected.files).filter(([name]) => name.startsWith(prefix));
}

export const ref = (name: string) => join(referenceDir, name);
