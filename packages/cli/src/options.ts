import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './io.ts';
import type { Lang } from './labels.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export const commonOptions = {
  json: { type: 'boolean', default: false },
  lang: { type: 'string', default: 'en' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/** parseArgs, with its errors turned into UsageError so they exit with code 2. */
export function parse<const O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...commonOptions, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function langOf(value: string | undefined): Lang {
  if (value === 'en' || value === 'zh') return value;
  throw new UsageError(`--lang must be "en" or "zh", not "${value}"`);
}
