import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { DecodedSample, DecodeTask } from './decode-task.ts';
import { DecodeError, type DecodeFormat } from './errors.ts';

export interface PoolOptions {
  /** Worker threads (default: one per core). */
  workers?: number;
}

/**
 * Decoding in worker threads (piscina), so JavaScript-side work (NIfTI inflating and byte
 * swapping, normalization) runs off the main thread. Errors come back as DecodeErrors.
 */
export class DecodePool {
  private readonly piscina: Piscina;
  readonly workers: number;

  constructor(options: PoolOptions = {}) {
    this.workers = Math.max(1, options.workers ?? availableParallelism());
    this.piscina = new Piscina({
      filename: new URL('./pool-worker.mjs', import.meta.url).href,
      minThreads: this.workers,
      maxThreads: this.workers,
      // No maxQueue: the dataset's in-flight window bounds the queue, and a cap here ('auto' is
      // workers²) would reject tasks whenever a caller's window is wider than that.
    });
  }

  async run(task: DecodeTask, options: { signal?: AbortSignal } = {}): Promise<DecodedSample> {
    try {
      return await this.piscina.run(task, options.signal ? { signal: options.signal } : {});
    } catch (err) {
      // Errors cross the thread boundary as plain objects: rebuild the DecodeError.
      const e = err as { path?: string; format?: string; reason?: string; message?: string };
      if (e?.path && e.reason) throw new DecodeError(e.path, e.format as DecodeFormat, e.reason);
      const m = /^cannot decode (\w+) (.*?): (.*)$/s.exec(e?.message ?? '');
      if (m) throw new DecodeError(m[2]!, m[1] as DecodeFormat, m[3]!);
      throw err;
    }
  }

  /** Stop the workers. */
  destroy(): Promise<void> {
    return this.piscina.destroy();
  }
}
