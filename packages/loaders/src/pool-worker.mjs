// Worker entry for the decode pool. The package ships TypeScript source (no build step), so the
// worker registers tsx's loader before importing the decoders.
import threads from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { register } from 'tsx/esm/api';

// geotiff loads the `web-worker` package, which takes any worker thread without workerData for
// one of its own and crashes; an empty object makes it behave as on the main thread.
if (!threads.workerData) threads.workerData = {};
register();
const { runTask } = await import('./decode-task.ts');

// Samples of 64 KiB and more are moved to the main thread rather than copied (a 256×256×64
// float32 volume is 16 MiB: the structured clone cost a copy on each side). Only a buffer the
// sample owns outright moves; one shared with other data, or one Node will not transfer
// (sharp's external memory, the Buffer pool), is copied as before.
const MOVE_BYTES = 1 << 16;
const untransferable = threads.isMarkedAsUntransferable;

export default async function decode(task) {
  const sample = await runTask(task);
  const { buffer, byteLength } = sample.data;
  const owned = buffer.byteLength - byteLength < 4096 && !untransferable?.(buffer);
  if (byteLength < MOVE_BYTES || !owned || buffer instanceof SharedArrayBuffer) return sample;
  return move({ [transferableSymbol]: [buffer], [valueSymbol]: sample });
}
