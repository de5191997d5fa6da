/**
 * One row of the PNG benchmark, run in a process of its own (as the Python peer is): one unmeasured
 * warm-up pass, then one timed pass; prints `{ "seconds": … }`. File list as JSON on stdin.
 * Usage: tsx bench/png-row.ts ceiling|single|ours|pool <concurrency>
 *
 * Why a process per row: in one shared process, a pass that leaves much external memory behind
 * (sharp's output buffers, or the buffers the pool transfers back) put V8 into running a full
 * mark-compact every ~70 ms for the rest of the run, whatever ran next; medsets' single stream then
 * measured 740–800 images/s instead of ~1,000–1,190 on its own. Each row now starts from the same
 * state, and no row pays for the one before it.
 */
import { availableParallelism } from 'node:os';
import { text } from 'node:stream/consumers';
import sharp from 'sharp';
import { Dataset, DecodePool, decodeImage, imageToTensor, initBackend, tf } from '../src/index.ts';

type Row = 'ceiling' | 'single' | 'ours' | 'pool';

const row = process.argv[2] as Row;
const concurrency = Number(process.argv[3]);
const files = JSON.parse(await text(process.stdin)) as string[];
await initBackend({ log: false });
const pool = row === 'pool' ? new DecodePool({ workers: availableParallelism() }) : undefined;

const pipelines: Record<Row, () => Promise<void>> = {
  // The ceiling: sharp decoding to raw pixels and nothing else.
  ceiling: () =>
    Dataset.from(files)
      .map((f) => sharp(f).raw().toBuffer(), { concurrency })
      .forEach(() => {}),
  single: () => decodeToTensors(1),
  ours: () => decodeToTensors(concurrency),
  pool: () =>
    Dataset.from(files)
      .map(
        (path) =>
          pool!.run({
            kind: 'image',
            path,
            options: { channels: 3 },
            normalization: { kind: 'scale', factor: 1 / 255 },
          }),
        { concurrency },
      )
      .map((s) => tf.tensor3d(s.data as Float32Array, s.shape as [number, number, number]))
      .forEach((t) => {
        t.dispose();
      }),
};

function decodeToTensors(inFlight: number): Promise<void> {
  return Dataset.from(files)
    .map((f) => decodeImage(f, { channels: 3 }), { concurrency: inFlight })
    .map((img) => imageToTensor(img))
    .forEach((t) => {
      t.dispose();
    });
}

const pipeline = pipelines[row];
if (!pipeline) throw new Error(`unknown row ${row}`);
await pipeline();
const tensors = tf.memory().numTensors;
const start = performance.now();
await pipeline();
const seconds = (performance.now() - start) / 1000;
await pool?.destroy();
if (tf.memory().numTensors !== tensors) throw new Error(`${tf.memory().numTensors - tensors} tensors left over`);
process.stdout.write(JSON.stringify({ seconds }));
