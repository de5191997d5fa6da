import { seededRandom } from './random.ts';

type Source<T> = () => AsyncIterator<T>;

export interface IterateOptions {
  /** Aborting stops the stream: the pending `next()` rejects with the signal's reason and upstream is closed. */
  signal?: AbortSignal;
}

/**
 * A lazy, composable stream of samples, after tfjs-data's Dataset: every method returns a new
 * Dataset, nothing is read until it is iterated, and each iteration starts from the beginning.
 */
export class Dataset<T> implements AsyncIterable<T> {
  constructor(private readonly source: Source<T>) {}

  /** From an array, an iterable, an async iterable, or a function returning one (called per iteration). */
  static from<T>(input: Iterable<T> | AsyncIterable<T> | (() => Iterable<T> | AsyncIterable<T>)): Dataset<T> {
    return new Dataset(() => {
      const it = typeof input === 'function' ? input() : input;
      if (Symbol.asyncIterator in it) return (it as AsyncIterable<T>)[Symbol.asyncIterator]();
      const sync = (it as Iterable<T>)[Symbol.iterator]();
      return {
        next: async () => sync.next(),
        return: async (value?: unknown) => sync.return?.(value) ?? { done: true, value: undefined },
      } as AsyncIterator<T>;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.source();
  }

  /** Iterate with an abort signal. */
  async *iterate(options: IterateOptions = {}): AsyncGenerator<T> {
    const { signal } = options;
    signal?.throwIfAborted();
    const it = this.source();
    let finished = false;
    try {
      while (true) {
        const step = await raceAbort(it.next(), signal);
        if (step.done) {
          finished = true;
          return;
        }
        yield step.value;
        signal?.throwIfAborted();
      }
    } finally {
      if (!finished) await it.return?.();
    }
  }

  /**
   * Transform each sample. With `concurrency` > 1 up to that many calls run at once (decoding in a
   * worker pool, sharp on libuv threads); results keep their order unless `ordered: false`.
   */
  map<U>(
    fn: (value: T, index: number) => U | Promise<U>,
    options: { concurrency?: number; ordered?: boolean } = {},
  ): Dataset<U> {
    const concurrency = Math.max(1, options.concurrency ?? 1);
    const ordered = options.ordered ?? true;
    return new Dataset<U>(() => mapIterator(this.source(), fn, concurrency, ordered));
  }

  filter(predicate: (value: T) => boolean | Promise<boolean>): Dataset<T> {
    const upstream = this;
    return new Dataset(async function* () {
      for await (const value of upstream) if (await predicate(value)) yield value;
    } as () => AsyncGenerator<T>);
  }

  /**
   * Shuffle through a buffer of `bufferSize` samples (as tf.data: a buffer as large as the dataset
   * gives a uniform shuffle). Deterministic under `seed`; each new iteration (epoch) reshuffles
   * with seed + epoch, so runs repeat but epochs differ.
   */
  shuffle(bufferSize: number, seed = 0): Dataset<T> {
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new RangeError('bufferSize must be a positive integer');
    const upstream = this;
    let epoch = 0;
    return new Dataset(async function* () {
      const random = seededRandom(seed + epoch++ * 0x9e3779b1);
      const buffer: T[] = [];
      for await (const value of upstream) {
        if (buffer.length < bufferSize) {
          buffer.push(value);
          continue;
        }
        const k = Math.floor(random() * bufferSize);
        yield buffer[k]!;
        buffer[k] = value;
      }
      while (buffer.length) {
        const k = Math.floor(random() * buffer.length);
        yield buffer[k]!;
        buffer[k] = buffer[buffer.length - 1]!;
        buffer.pop();
      }
    } as () => AsyncGenerator<T>);
  }

  /** Group samples into arrays of `size` (the last one smaller unless `dropRemainder`). */
  batch(size: number, options: { dropRemainder?: boolean } = {}): Dataset<T[]> {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('batch size must be a positive integer');
    const upstream = this;
    return new Dataset(async function* () {
      let batch: T[] = [];
      for await (const value of upstream) {
        batch.push(value);
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length && !options.dropRemainder) yield batch;
    } as () => AsyncGenerator<T[]>);
  }

  /** Read up to `count` samples ahead of the consumer, so decoding overlaps training. */
  prefetch(count: number): Dataset<T> {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('prefetch count must be a positive integer');
    return new Dataset(() => prefetchIterator(this.source(), count));
  }

  take(count: number): Dataset<T> {
    const upstream = this;
    return new Dataset(async function* () {
      if (count <= 0) return;
      let n = 0;
      for await (const value of upstream) {
        yield value;
        if (++n >= count) return;
      }
    } as () => AsyncGenerator<T>);
  }

  skip(count: number): Dataset<T> {
    const upstream = this;
    return new Dataset(async function* () {
      let n = 0;
      for await (const value of upstream) if (n++ >= count) yield value;
    } as () => AsyncGenerator<T>);
  }

  /** Every `count`-th sample starting at `index`: a disjoint part per worker of a multi-node job. */
  shard(count: number, index: number): Dataset<T> {
    if (index < 0 || index >= count) throw new RangeError(`shard index ${index} outside 0..${count - 1}`);
    const upstream = this;
    return new Dataset(async function* () {
      let n = 0;
      for await (const value of upstream) if (n++ % count === index) yield value;
    } as () => AsyncGenerator<T>);
  }

  async toArray(options?: IterateOptions): Promise<T[]> {
    const out: T[] = [];
    for await (const value of this.iterate(options)) out.push(value);
    return out;
  }

  async forEach(fn: (value: T) => void | Promise<void>, options?: IterateOptions): Promise<void> {
    for await (const value of this.iterate(options)) await fn(value);
  }
}

function raceAbort<V>(promise: Promise<V>, signal?: AbortSignal): Promise<V> {
  if (!signal) return promise;
  return new Promise<V>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function mapIterator<T, U>(
  it: AsyncIterator<T>,
  fn: (value: T, index: number) => U | Promise<U>,
  concurrency: number,
  ordered: boolean,
): AsyncIterator<U> {
  // Started calls, oldest first; never more than `concurrency` of them, which is the backpressure.
  const inFlight: { promise: Promise<U>; settled: boolean }[] = [];
  let index = 0;
  let upstreamDone = false;
  let closed = false;
  const start = async () => {
    while (!upstreamDone && inFlight.length < concurrency) {
      const step = await it.next();
      if (step.done) {
        upstreamDone = true;
        break;
      }
      const entry = { promise: Promise.resolve().then(() => fn(step.value, index++)), settled: false };
      entry.promise.then(
        () => {
          entry.settled = true;
        },
        () => {
          entry.settled = true;
        },
      );
      // Failures surface when their turn comes; until then, do not report them as unhandled.
      entry.promise.catch(() => {});
      inFlight.push(entry);
    }
  };
  const step = async (): Promise<IteratorResult<U>> => {
    if (closed) return { done: true, value: undefined };
    await start();
    if (!inFlight.length) return { done: true, value: undefined };
    let k = 0;
    if (!ordered) {
      await Promise.race(inFlight.map((e) => e.promise.then(noop, noop)));
      k = Math.max(
        0,
        inFlight.findIndex((e) => e.settled),
      );
    }
    const [entry] = inFlight.splice(k, 1);
    return { done: false, value: await entry!.promise };
  };
  // Callers such as prefetch ask for several results at once: serve them one after another so
  // results keep their order and the in-flight window stays at `concurrency`.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    next() {
      const result = queue.then(step);
      queue = result.catch(noop);
      return result;
    },
    async return() {
      closed = true;
      inFlight.length = 0;
      await it.return?.();
      return { done: true, value: undefined };
    },
  };
}

const noop = () => {};

function prefetchIterator<T>(it: AsyncIterator<T>, count: number): AsyncIterator<T> {
  const buffer: Promise<IteratorResult<T>>[] = [];
  let ended = false;
  const fill = () => {
    while (!ended && buffer.length < count) {
      const p = it.next();
      p.then(
        (r) => {
          if (r.done) ended = true;
        },
        () => {
          ended = true;
        },
      );
      p.catch(noop);
      buffer.push(p);
    }
  };
  return {
    async next() {
      fill();
      const result = await buffer.shift()!;
      if (!result.done) fill();
      return result;
    },
    async return() {
      ended = true;
      buffer.length = 0;
      await it.return?.();
      return { done: true, value: undefined };
    },
  };
}
