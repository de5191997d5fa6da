/**
 * Loaders benchmark: generated data, measured side by side on this machine in one run, written to
 * BENCHMARKS.md. Python peers (Pillow + numpy, nibabel, OpenSlide) come from Debian's python3-*.
 * Usage: npm run bench -w @medsets/loaders [-- --quick]
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import {
  Dataset,
  DecodePool,
  decodeImage,
  imageToTensor,
  initBackend,
  niftiToVolume,
  openSlide,
  readNifti,
  readNiftiTensor,
  tf,
  volumeToTensor,
} from '../src/index.ts';
import { writeNiftis, writePngs, writeSlide } from './generate.ts';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
// --only=png,nifti,slide,memory runs just those sections (BENCHMARKS.md is then left alone).
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const want = (section: string) => !only || only.includes(section);
const PNG_COUNT = quick ? 200 : 1000;
const PNG_SIZE = 224;
const NII_COUNT = quick ? 8 : 30;
const NII_SHAPE: [number, number, number] = [256, 256, 64];
const SLIDE_SIZE = quick ? 4096 : 8192;
const STREAM_BYTES = quick ? 2 * 2 ** 30 : 10 * 2 ** 30;
const CONCURRENCY = Math.max(2, availableParallelism() * 2);
// Other processes share the machine: every measurement is repeated and its median reported, the
// Python peers' included (interleaved with ours, so both see the same load).
const ROUNDS = quick ? 1 : 3;

const MB = 1e6;
const seconds = (start: number) => (performance.now() - start) / 1000;
const fmt = (v: number, digits = 1) => v.toFixed(digits);

function python(kind: string, items: unknown): { seconds: number; amount: number } | { error: string } {
  const r = spawnSync('/usr/bin/python3', [join(here, 'peers.py'), kind], {
    input: JSON.stringify(items),
    encoding: 'utf8',
  });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || 'failed').trim().split('\n').at(-1)! };
  return JSON.parse(r.stdout);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ s: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { s: seconds(start), value };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Run each named measurement ROUNDS times, interleaved, after one unmeasured warm-up pass of ours
 * (the first passes after generating the data ran at a fraction of the speed of later ones); the
 * median seconds of each. Peers warm themselves up.
 */
async function rounds<K extends string>(
  runs: Record<K, () => Promise<number | undefined>>,
  peers: readonly NoInfer<K>[] = [],
): Promise<Record<K, number | undefined>> {
  const names = Object.keys(runs) as K[];
  for (const name of names) if (!peers.includes(name)) await runs[name]();
  const all = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of names) {
      const s = await runs[name]();
      if (s !== undefined) all[name].push(s);
    }
  }
  for (const name of names) console.error(`  ${name}: ${all[name].map((s) => fmt(s, 3)).join(' s, ')} s`);
  const out = {} as Record<K, number | undefined>;
  for (const name of names) out[name] = all[name].length ? median(all[name]) : undefined;
  return out;
}

/** A PNG row's seconds, from a process of its own running bench/png-row.ts (warm-up pass included). */
function pngRow(row: string, files: string[]): () => Promise<number> {
  return async () => {
    const r = spawnSync(process.execPath, [...process.execArgv, join(here, 'png-row.ts'), row, String(CONCURRENCY)], {
      input: JSON.stringify(files),
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`PNG row ${row} failed: ${(r.stderr || r.error?.message || '').trim()}`);
    return (JSON.parse(r.stdout) as { seconds: number }).seconds;
  };
}

/** A Python peer's seconds, or undefined (its error kept for the notes). */
function peer(kind: string, items: unknown, errors: string[]): () => Promise<number | undefined> {
  return async () => {
    const r = python(kind, items);
    if ('error' in r) {
      errors.push(r.error);
      return undefined;
    }
    return r.seconds;
  };
}

async function main() {
  const loadBefore = loadavg();
  const backend = await initBackend({ log: false });
  const dir = await mkdtemp(join(tmpdir(), 'medsets-bench-'));
  const rows: string[] = [];
  const notes: string[] = [];
  try {
    console.log('generating data…');
    // Each data set is written just before its section: generating the NIfTI volumes first left V8
    // with an old-generation limit so tight that the PNG pipeline then ran a mark-compact every
    // ~20 ms (twice the CPU per image), which measured the generator, not the loaders.
    const pngs = await writePngs(dir, PNG_COUNT, PNG_SIZE);
    const pool = new DecodePool({ workers: availableParallelism() });

    if (want('png')) {
      // --- PNG classification images → float32 [H, W, 3] tensors ------------------------------
      const pixelBytes = PNG_COUNT * PNG_SIZE * PNG_SIZE * 3 * 4;
      await Promise.all(pngs.map((f) => readFile(f))); // warm the file cache
      const pngErrors: string[] = [];
      // Every row, ours as the peer's, runs in a process of its own (see bench/png-row.ts for why).
      const png = await rounds(
        {
          ceiling: pngRow('ceiling', pngs),
          single: pngRow('single', pngs),
          ours: pngRow('ours', pngs),
          pool: pngRow('pool', pngs),
          pillow: peer('png', pngs, pngErrors),
        },
        ['ceiling', 'single', 'ours', 'pool', 'pillow'],
      );
      const best = Math.min(png.ours!, png.pool!);
      const pngLine = (name: string, s: number, ratio: string) =>
        rows.push(`| ${name} | ${fmt(PNG_COUNT / s)} | ${fmt(pixelBytes / MB / s)} | ${ratio} |`);
      rows.push('### PNG classification images → float32 tensors');
      rows.push('');
      rows.push(
        `${PNG_COUNT} RGB PNGs, ${PNG_SIZE}×${PNG_SIZE}; output float32 \`[H, W, 3]\` in [0, 1]; MB/s counts float32 output bytes. ` +
          `Plain PNGs are decoded by medsets' own reader (Node's zlib + row unfiltering), others by sharp. ` +
          `"Single stream" is one file at a time on the main thread, like the single-threaded Pillow loop; the other medsets rows overlap ${CONCURRENCY} files and use both cores. ` +
          'Each row runs in a Node process of its own, as the Pillow peer does (a warm-up pass, then the timed one): in one shared process the external memory left by the sharp and worker-pool passes kept V8 running a full mark-compact every ~70 ms in whichever row came next.',
      );
      rows.push('');
      rows.push('| pipeline | images/s | MB/s | ratio |');
      rows.push('| --- | ---: | ---: | --- |');
      pngLine(`sharp alone, decode to raw uint8, ${CONCURRENCY} in flight (ceiling)`, png.ceiling!, '1.00');
      pngLine(
        'medsets, single stream (decodeImage → imageToTensor)',
        png.single!,
        `${fmt(png.ceiling! / png.single!, 2)} of ceiling`,
      );
      pngLine(
        `medsets, main thread, ${CONCURRENCY} in flight (decodeImage → imageToTensor)`,
        png.ours!,
        `${fmt(png.ceiling! / png.ours!, 2)} of ceiling`,
      );
      pngLine(
        `medsets, worker pool (${pool.workers} workers)`,
        png.pool!,
        `${fmt(png.ceiling! / png.pool!, 2)} of ceiling`,
      );
      if (png.pillow === undefined) notes.push(`Pillow peer failed: ${pngErrors[0]}`);
      else {
        pngLine(
          "Python: Pillow + numpy (`np.asarray(im.convert('RGB'), float32) / 255`), single-threaded",
          png.pillow,
          `medsets is ${fmt(png.pillow / png.single!, 2)}× Pillow single-stream, ${fmt(png.pillow / best, 2)}× on both cores`,
        );
      }
      rows.push('');
    }
    const niftis = want('nifti') ? await writeNiftis(dir, NII_COUNT, NII_SHAPE) : [];
    if (want('nifti')) {
      // --- NIfTI volumes → float32 [D, H, W, 1] tensors ---------------------------------------
      const volBytes = NII_COUNT * NII_SHAPE.reduce((a, b) => a * b, 1) * 4;
      await readNifti(niftis[0]!);
      const readNiftis = (concurrency: number) => async () =>
        (
          await timed(() =>
            Dataset.from(niftis)
              .map(async (f) => (await readNiftiTensor(f)).tensor, { concurrency })
              .forEach((t) => {
                t.dispose();
              }),
          )
        ).s;
      const twoStep = async () =>
        (
          await timed(() =>
            Dataset.from(niftis)
              .map((f) => readNifti(f))
              .map((v) => volumeToTensor(niftiToVolume(v)))
              .forEach((t) => {
                t.dispose();
              }),
          )
        ).s;
      const niiErrors: string[] = [];
      const nii = await rounds(
        {
          single: readNiftis(1),
          twoStep,
          ours: readNiftis(2),
          pool: async () =>
            (
              await timed(() =>
                Dataset.from(niftis)
                  .map((path) => pool.run({ kind: 'nifti', path, normalization: 'none' }), {
                    concurrency: pool.workers,
                  })
                  .map((s) => tf.tensor4d(s.data as Float32Array, s.shape as [number, number, number, number]))
                  .forEach((t) => {
                    t.dispose();
                  }),
              )
            ).s,
          nibabel: peer('nifti', niftis, niiErrors),
        },
        ['nibabel'],
      );
      const bestNii = Math.min(nii.ours!, nii.pool!);
      const niiRow = (name: string, s: number, ratio: string) =>
        rows.push(`| ${name} | ${fmt(NII_COUNT / s, 2)} | ${fmt(volBytes / MB / s)} | ${ratio} |`);
      rows.push('### `.nii.gz` volumes → float32 tensors');
      rows.push('');
      rows.push(
        `${NII_COUNT} int16 CT-like volumes ${NII_SHAPE.join('×')} with scl_inter −1024, gzip level 6; output float32 \`[D, H, W, 1]\`. ` +
          'Inflating runs on a libuv thread, one 1 MiB chunk after another, while the main thread scales the chunk before (int16 → float32): "single stream" reads one volume at a time; "2 in flight" also overlaps one volume\'s inflate with the previous one\'s conversion.',
      );
      rows.push('');
      rows.push('| pipeline | volumes/s | MB/s | ratio |');
      rows.push('| --- | ---: | ---: | --- |');
      niiRow('medsets, single stream (readNiftiTensor, as loadDataset)', nii.single!, '');
      niiRow('medsets, single stream, two steps (readNifti → volumeToTensor)', nii.twoStep!, '');
      niiRow('medsets, main thread, 2 in flight (readNiftiTensor)', nii.ours!, '');
      niiRow(`medsets, worker pool (${pool.workers} workers)`, nii.pool!, '');
      if (nii.nibabel === undefined) notes.push(`nibabel peer failed: ${niiErrors[0]}`);
      else {
        niiRow(
          'Python: nibabel `get_fdata(dtype=float32)`, single-threaded',
          nii.nibabel,
          `medsets is ${fmt(nii.nibabel / nii.single!, 2)}× nibabel single-stream, ${fmt(nii.nibabel / bestNii, 2)}× on both cores`,
        );
      }
      rows.push('');
    }
    const slidePath = join(dir, 'slide.tif');
    if (want('slide')) await writeSlide(slidePath, SLIDE_SIZE);
    if (want('slide')) {
      // --- Whole-slide tiles at level 0 --------------------------------------------------------
      const slide = await openSlide(slidePath);
      const level = slide.levels[0]!;
      const coords: [number, number][] = [];
      for (let y = 0; y + 256 <= level.height; y += 256)
        for (let x = 0; x + 256 <= level.width; x += 256) coords.push([x, y]);
      await slide.readRegion(0, 0, 0, 256, 256);
      await slide.close();
      const withSlide = async (fn: (s: typeof slide) => Promise<unknown>) => {
        const s = await openSlide(slidePath);
        try {
          return (await timed(() => fn(s))).s;
        } finally {
          await s.close();
        }
      };
      const slideErrors: string[] = [];
      const tiles = await rounds(
        {
          // A freshly opened slide for each measurement: no tile comes from an earlier pass's cache.
          serial: () =>
            withSlide(async (s) => {
              for (const [x, y] of coords) await s.readRegion(0, x, y, 256, 256);
            }),
          parallel: () =>
            withSlide((s) =>
              Dataset.from(coords)
                .map(([x, y]) => s.readRegion(0, x, y, 256, 256), { concurrency: CONCURRENCY })
                .forEach(() => {}),
            ),
          openslide: peer('slide', [slidePath, 256], slideErrors),
        },
        ['openslide'],
      );
      rows.push('### Whole-slide 256×256 tiles at level 0');
      rows.push('');
      rows.push(
        `${SLIDE_SIZE}×${SLIDE_SIZE} pyramidal TIFF, 256² JPEG tiles (libvips, quality 85); every aligned level-0 tile read once (${coords.length} tiles, each a tile-cache miss), RGB uint8 out. ` +
          "One positioned read per tile, into a buffer that already holds the shared JPEG tables; a lone tile decodes on the calling thread (libjpeg-turbo in WebAssembly), tiles in flight together go to sharp on libuv threads (one per core but the main thread's, which decodes the rest itself).",
      );
      rows.push('');
      rows.push('| pipeline | tiles/s | ratio |');
      rows.push('| --- | ---: | --- |');
      rows.push(`| medsets \`readRegion\`, one at a time | ${fmt(coords.length / tiles.serial!)} | |`);
      rows.push(`| medsets \`readRegion\`, ${CONCURRENCY} in flight | ${fmt(coords.length / tiles.parallel!)} | |`);
      if (tiles.openslide === undefined) notes.push(`OpenSlide peer failed: ${slideErrors[0]}`);
      else {
        const os = coords.length / tiles.openslide;
        rows.push(
          `| Python: OpenSlide \`read_region\` → RGB numpy, one at a time | ${fmt(os)} | medsets is ${fmt(coords.length / tiles.serial! / os, 2)}× (serial), ${fmt(coords.length / tiles.parallel! / os, 2)}× (${CONCURRENCY} in flight, both cores) |`,
        );
      }
      rows.push('');
    }
    if (want('memory')) {
      // --- Memory: stream STREAM_BYTES of float32 tensors ---------------------------------------
      const perSample = PNG_SIZE * PNG_SIZE * 3 * 4;
      const samples = Math.ceil(STREAM_BYTES / perSample);
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 50);
      const tensorsBefore = tf.memory().numTensors;
      const stream = await timed(() =>
        Dataset.from(function* () {
          for (let k = 0; k < samples; k++) yield pngs[k % pngs.length]!;
        })
          .map((f) => decodeImage(f, { channels: 3 }), { concurrency: CONCURRENCY })
          .shuffle(256, 1)
          .batch(32)
          .prefetch(2)
          .map((batch) => tf.tidy(() => tf.stack(batch.map((img) => imageToTensor(img)))))
          .forEach((t) => {
            t.dispose();
          }),
      );
      clearInterval(sampler);
      rows.push('### Memory while streaming');
      rows.push('');
      rows.push(
        `${fmt(STREAM_BYTES / 2 ** 30, 0)} GiB of float32 tensors (${samples} decoded PNG samples, the ${PNG_COUNT} generated files cycled, shuffle buffer 256, batches of 32, prefetch 2): ` +
          `peak RSS **${fmt(peak / 2 ** 20, 0)} MiB** (limit 1024 MiB), ${fmt(samples / stream.s)} samples/s, tensors left over: ${tf.memory().numTensors - tensorsBefore}.`,
      );
      rows.push('');
    }
    await pool.destroy();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const report = [
    '# Loaders benchmarks',
    '',
    `Generated by \`npm run bench -w @medsets/loaders\`${quick ? ' (--quick)' : ''} on ${new Date().toISOString().slice(0, 10)}: ${availableParallelism()} cores (${cpu}), Node ${process.version}, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}, tfjs backend \`${backend.backend}\`. All data is generated in the same run; Python peers are Debian's python3-pil / python3-nibabel / python3-openslide under /usr/bin/python3, timed in-process after a warm-up.`,
    '',
    `Method: each row is the median of ${ROUNDS} runs, ours and the Python peer's interleaved (after one unmeasured warm-up pass of ours; PNG rows in a fresh process each), because other processes share the machine: load average (1/5/15 min) ${loadBefore.map((l) => l.toFixed(2)).join(' / ')} at the start, ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' / ',
      )} at the end. Ratios compare single-stream with single-stream; "both cores" rows overlap decodes, which the single-threaded peers do not.`,
    '',
    ...rows,
    ...(notes.length ? ['## Notes', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  if (!only) await writeFile(join(here, '..', 'BENCHMARKS.md'), report);
  console.log(report);
}

await main();
