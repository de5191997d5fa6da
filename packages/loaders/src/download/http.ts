import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, truncate } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { parseOptions } from '../options.ts';
import { ChecksumError, DownloadError } from './errors.ts';
import type { ProgressListener } from './progress.ts';

const downloadOptionsSchema = z
  .object({
    /** Expected SHA-256 (hex); the file is rejected and removed when it differs. */
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/)
      .optional(),
    /** Attempts after a failure that made no progress (network errors, 5xx, 408, 429). */
    retries: z.number().int().min(0).max(20).default(5),
    /** First back-off delay; doubled after every failed attempt, with jitter. */
    backoffMs: z.number().int().min(0).default(500),
    /** Abort an attempt when no byte arrives for this long. */
    idleTimeoutMs: z.number().int().positive().default(60_000),
    onProgress: z.custom<ProgressListener>((v) => typeof v === 'function').optional(),
    signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal).optional(),
  })
  .strict();

export type DownloadOptions = z.input<typeof downloadOptionsSchema>;

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
}

/** A failure the next attempt may not repeat. */
class Retryable extends Error {}

/**
 * Download `url` to `dest`. Bytes go to `dest.part` and are renamed into place only when complete
 * and verified, so `dest` is never half-written. An interrupted transfer resumes with a Range
 * request from where the part file ends; a server that ignores Range restarts from zero.
 */
export async function downloadFile(url: string, dest: string, options?: DownloadOptions): Promise<DownloadResult> {
  const opts = parseOptions(downloadOptionsSchema, options, 'download');
  const part = `${dest}.part`;
  await mkdir(dirname(dest), { recursive: true });
  let failures = 0;
  while (true) {
    opts.signal?.throwIfAborted();
    const before = await sizeOf(part);
    try {
      await attempt(url, part, before, opts);
      break;
    } catch (err) {
      if (!(err instanceof Retryable)) {
        if (err instanceof DownloadError && err.status !== undefined) await rm(part, { force: true });
        throw err;
      }
      // Progress resets the budget: a long file over a flaky link should finish, not give up.
      failures = (await sizeOf(part)) > before ? 0 : failures + 1;
      if (failures > opts.retries) {
        throw new DownloadError(url, `${err.message} (gave up after ${opts.retries + 1} attempts)`, statusOf(err), {
          cause: err,
        });
      }
      await sleep(opts.backoffMs * 2 ** Math.max(0, failures - 1) * (0.75 + Math.random() * 0.5), opts.signal);
    }
  }
  const actual = await sha256File(part);
  if (opts.sha256 && actual !== opts.sha256.toLowerCase()) {
    await rm(part, { force: true });
    throw new ChecksumError(basename(dest), opts.sha256.toLowerCase(), actual);
  }
  await rename(part, dest);
  return { path: dest, bytes: await sizeOf(dest), sha256: actual };
}

type Opts = z.output<typeof downloadOptionsSchema>;

async function attempt(url: string, part: string, offset: number, opts: Opts): Promise<void> {
  const controller = new AbortController();
  const signals = opts.signal ? [controller.signal, opts.signal] : [controller.signal];
  let idle: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new Error(`no data for ${opts.idleTimeoutMs} ms`)), opts.idleTimeoutMs);
  };
  arm();
  try {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
        signal: AbortSignal.any(signals),
        redirect: 'follow',
      });
    } catch (err) {
      opts.signal?.throwIfAborted();
      throw new Retryable(`network error: ${causeText(err)}`, { cause: err });
    }
    if (res.status === 416 && offset > 0) {
      // The part file is longer than the resource (it changed upstream): start again.
      await res.body?.cancel();
      await truncate(part, 0);
      throw new Retryable('range not satisfiable; restarting');
    }
    if (res.status >= 500 || res.status === 408 || res.status === 429) {
      await res.body?.cancel();
      throw Object.assign(new Retryable(`HTTP ${res.status} ${res.statusText}`), { status: res.status });
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new DownloadError(url, `HTTP ${res.status} ${res.statusText}`.trim(), res.status);
    }
    let start = 0;
    if (res.status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
      start = range ? Number(range[1]) : 0;
      if (start !== offset) {
        await res.body.cancel();
        await truncate(part, 0);
        throw new Retryable(`server resumed at byte ${start}, not ${offset}; restarting`);
      }
    }
    const length = Number(res.headers.get('content-length') ?? Number.NaN);
    const total = Number.isFinite(length) ? start + length : undefined;
    let received = start;
    const began = Date.now();
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        arm();
        received += chunk.length;
        if (opts.onProgress) {
          const seconds = Math.max(1e-3, (Date.now() - began) / 1000);
          const rate = (received - start) / seconds;
          opts.onProgress({
            file: basename(part, '.part'),
            received,
            total,
            rate,
            eta: total !== undefined && rate > 0 ? (total - received) / rate : undefined,
          });
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(
        Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
        counter,
        // 200 after a Range request means the server sent the whole file: overwrite.
        createWriteStream(part, { flags: res.status === 206 ? 'a' : 'w' }),
      );
    } catch (err) {
      opts.signal?.throwIfAborted();
      throw new Retryable(`connection lost after ${received} bytes: ${causeText(err)}`, { cause: err });
    }
    if (total !== undefined && received < total) throw new Retryable(`body ended at ${received} of ${total} bytes`);
  } finally {
    clearTimeout(idle);
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function statusOf(err: unknown): number | undefined {
  return (err as { status?: number }).status;
}

function causeText(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string; code?: string } };
  return [e?.message, e?.cause?.code ?? e?.cause?.message].filter(Boolean).join(': ') || String(err);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
