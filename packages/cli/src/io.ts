/** Where a command writes. Tests pass buffers; the binary passes the process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Exit codes: 0 success, 1 nothing found, 2 bad usage. */
export const EXIT = { ok: 0, notFound: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A command line that does not fit the command's usage; the message says what to change. */
export class UsageError extends Error {
  override name = 'UsageError';
}
