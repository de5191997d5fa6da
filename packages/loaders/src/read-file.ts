import { close, fstat, open, read, readFileSync } from 'node:fs';

/**
 * A whole file for a decode that has nothing else in flight: read synchronously (one call, no
 * wait on the libuv pool) after one turn of the event loop, so timers, I/O callbacks and abort
 * signals still run between images. Alone, an asynchronous read has nothing to overlap with: its
 * two pool round trips only added ~0.25 ms of waiting per 224² PNG (a quarter of the decode). On
 * slow storage (network, cold disk) the read blocks this thread for its duration; decodes that
 * overlap (`concurrency` > 1) always read asynchronously.
 */
export async function readFileAlone(path: string): Promise<Buffer> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return readFileSync(path);
}

/**
 * A whole file, read with two waits on the libuv pool instead of fs.readFile's four (open, fstat,
 * read, close, one after another): the file is read into a reused buffer while fstat runs beside
 * it, and closing is not waited for. On a dataset of small images those waits were a sixth of the
 * time per image, and each is a turn of the event loop.
 */
export async function readWholeFile(path: string): Promise<Buffer> {
  const fd = await call<number>((done) => open(path, 'r', done));
  const scratch = takeScratch();
  try {
    const [got, size] = await Promise.all([
      call<number>((done) => read(fd, scratch, 0, scratch.length, 0, done)),
      call<{ size: number; isFile(): boolean }>((done) => fstat(fd, done)),
    ]);
    // A short read of a regular file ends at its end: the common case, one copy out of the scratch.
    if (got < scratch.length && (!size.isFile() || got === size.size)) return Buffer.from(scratch.subarray(0, got));
    return await readRest(fd, scratch.subarray(0, got));
  } finally {
    giveScratch(scratch);
    close(fd, ignore);
  }
}

/** Past the scratch buffer (or a file that changed size while read): read on until end of file. */
async function readRest(fd: number, head: Uint8Array): Promise<Buffer> {
  const chunks: Uint8Array[] = [Buffer.from(head)];
  let at = head.length;
  let total = head.length;
  while (true) {
    const chunk = Buffer.allocUnsafe(Math.max(SCRATCH_BYTES, total));
    const got = await call<number>((done) => read(fd, chunk, 0, chunk.length, at, done));
    if (got === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, got));
    at += got;
    total += got;
  }
}

// Images in datasets are mostly well under 1 MiB. One scratch per read in flight, a few kept.
const SCRATCH_BYTES = 1 << 20;
const KEPT_SCRATCH = 8;
const free: Buffer[] = [];

const takeScratch = () => free.pop() ?? Buffer.allocUnsafeSlow(SCRATCH_BYTES);
const giveScratch = (b: Buffer) => {
  if (free.length < KEPT_SCRATCH) free.push(b);
};

const ignore = () => {};

/** A Node callback API as a promise, without util.promisify's per-call overhead for custom callbacks. */
function call<T>(start: (done: (err: Error | null, value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start((err, value) => (err ? reject(err) : resolve(value))));
}
