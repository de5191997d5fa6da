/**
 * Loaders benchmark: generated data, measured side by side on this machine in one run, written to
 * BENCHMARKS.md. Python peers (Pillow + numpy, nibabel, OpenSlide) come from Debian's python3-*.
 * Usage: npm run bench -w @medsets/loaders [-- --quick]
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
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
  tf,
  volumeToTensor,
} from '../src/index.ts';
import { writeNiftis, writePngs, writeSlide } from './generate.ts';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const PNG_COUNT = quick ? 200 : 1000;
const PNG_SIZE = 224;
const NII_COUNT = quick ? 8 : 30;
const NII_SHAPE: [number, number, number] = [256, 256, 64];
const SLIDE_SIZE = quick ? 4096 : 8192;
const STREAM_BYTES = quick ? 2 * 2 ** 30 : 10 * 2 ** 30;
const CONCURRENCY = Math.max(2, availableParallelism() * 2);

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

async function main() {
  const backend = await initBackend({ log: false });
  const dir = await mkdtemp(join(tmpdir(), 'medsets-bench-'));
  const rows: string[] = [];
  const notes: string[] = [];
  try {
    console.log('generating data…');
    const pngs = await writePngs(dir, PNG_COUNT, PNG_SIZE);
    const niftis = await writeNiftis(dir, NII_COUNT, NII_SHAPE);
    const slidePath = join(dir, 'slide.tif');
    await writeSlide(slidePath, SLIDE_SIZE);
    const pool = new DecodePool({ workers: availableParallelism() });

    // --- PNG classification images → float32 [H, W, 3] tensors ------------------------------
    const pixelBytes = PNG_COUNT * PNG_SIZE * PNG_SIZE * 3 * 4;
    await Promise.all(pngs.slice(0, 20).map((f) => sharp(f).raw().toBuffer())); // warm the file cache
    const ceiling = await timed(() =>
      Dataset.from(pngs)
        .map((f) => sharp(f).raw().toBuffer(), { concurrency: CONCURRENCY })
        .forEach(() => {}),
    );
    const ours = await timed(() =>
      Dataset.from(pngs)
        .map((f) => decodeImage(f, { channels: 3 }), { concurrency: CONCURRENCY })
        .map((img) => imageToTensor(img))
        .forEach((t) => {
          t.dispose();
        }),
    );
    const oursPool = await timed(() =>
      Dataset.from(pngs)
        .map(
          (path) =>
            pool.run({
              kind: 'image',
              path,
              options: { channels: 3 },
              normalization: { kind: 'scale', factor: 1 / 255 },
            }),
          {
            concurrency: CONCURRENCY,
          },
        )
        .map((s) => tf.tensor3d(s.data as Float32Array, s.shape as [number, number, number]))
        .forEach((t) => {
          t.dispose();
        }),
    );
    const pyPng = python('png', pngs);
    const best = Math.min(ours.s, oursPool.s);
    rows.push('### PNG classification images → float32 tensors');
    rows.push('');
    rows.push(
      `${PNG_COUNT} RGB PNGs, ${PNG_SIZE}×${PNG_SIZE}; output float32 \`[H, W, 3]\` in [0, 1]; MB/s counts float32 output bytes.`,
    );
    rows.push('');
    rows.push('| pipeline | images/s | MB/s | ratio |');
    rows.push('| --- | ---: | ---: | --- |');
    rows.push(
      `| sharp alone, decode to raw uint8 (ceiling) | ${fmt(PNG_COUNT / ceiling.s)} | ${fmt(pixelBytes / MB / ceiling.s)} | 1.00 |`,
    );
    rows.push(
      `| medsets, main thread + libuv (decodeImage → imageToTensor) | ${fmt(PNG_COUNT / ours.s)} | ${fmt(pixelBytes / MB / ours.s)} | ${fmt(ceiling.s / ours.s, 2)} of ceiling |`,
    );
    rows.push(
      `| medsets, worker pool (${pool.workers} workers) | ${fmt(PNG_COUNT / oursPool.s)} | ${fmt(pixelBytes / MB / oursPool.s)} | ${fmt(ceiling.s / oursPool.s, 2)} of ceiling |`,
    );
    if ('error' in pyPng) notes.push(`Pillow peer failed: ${pyPng.error}`);
    else {
      rows.push(
        `| Python: Pillow + numpy (\`np.asarray(im.convert('RGB'), float32) / 255\`) | ${fmt(PNG_COUNT / pyPng.seconds)} | ${fmt(pyPng.amount / MB / pyPng.seconds)} | medsets is ${fmt(pyPng.seconds / best, 2)}× Pillow |`,
      );
    }
    rows.push('');

    // --- NIfTI volumes → float32 [D, H, W, 1] tensors ---------------------------------------
    const volBytes = NII_COUNT * NII_SHAPE.reduce((a, b) => a * b, 1) * 4;
    await readNifti(niftis[0]!);
    const nii = await timed(() =>
      Dataset.from(niftis)
        .map((f) => readNifti(f), { concurrency: 2 })
        .map((v) => volumeToTensor(niftiToVolume(v)))
        .forEach((t) => {
          t.dispose();
        }),
    );
    const niiPool = await timed(() =>
      Dataset.from(niftis)
        .map((path) => pool.run({ kind: 'nifti', path, normalization: 'none' }), { concurrency: pool.workers })
        .map((s) => tf.tensor4d(s.data as Float32Array, s.shape as [number, number, number, number]))
        .forEach((t) => {
          t.dispose();
        }),
    );
    const pyNii = python('nifti', niftis);
    const bestNii = Math.min(nii.s, niiPool.s);
    rows.push('### `.nii.gz` volumes → float32 tensors');
    rows.push('');
    rows.push(
      `${NII_COUNT} int16 CT-like volumes ${NII_SHAPE.join('×')} with scl_inter −1024, gzip level 6; output float32 \`[D, H, W, 1]\`.`,
    );
    rows.push('');
    rows.push('| pipeline | volumes/s | MB/s | ratio |');
    rows.push('| --- | ---: | ---: | --- |');
    rows.push(
      `| medsets, main thread (readNifti → volumeToTensor) | ${fmt(NII_COUNT / nii.s, 2)} | ${fmt(volBytes / MB / nii.s)} | |`,
    );
    rows.push(
      `| medsets, worker pool (${pool.workers} workers) | ${fmt(NII_COUNT / niiPool.s, 2)} | ${fmt(volBytes / MB / niiPool.s)} | |`,
    );
    if ('error' in pyNii) notes.push(`nibabel peer failed: ${pyNii.error}`);
    else {
      rows.push(
        `| Python: nibabel \`get_fdata(dtype=float32)\` | ${fmt(NII_COUNT / pyNii.seconds, 2)} | ${fmt(pyNii.amount / MB / pyNii.seconds)} | medsets is ${fmt(pyNii.seconds / bestNii, 2)}× nibabel |`,
      );
    }
    rows.push('');

    // --- Whole-slide tiles at level 0 --------------------------------------------------------
    const slide = await openSlide(slidePath);
    const level = slide.levels[0]!;
    const coords: [number, number][] = [];
    for (let y = 0; y + 256 <= level.height; y += 256)
      for (let x = 0; x + 256 <= level.width; x += 256) coords.push([x, y]);
    await slide.readRegion(0, 0, 0, 256, 256);
    const serial = await timed(async () => {
      for (const [x, y] of coords) await slide.readRegion(0, x, y, 256, 256);
    });
    const parallel = await timed(() =>
      Dataset.from(coords)
        .map(([x, y]) => slide.readRegion(0, x, y, 256, 256), { concurrency: CONCURRENCY })
        .forEach(() => {}),
    );
    await slide.close();
    const pySlide = python('slide', [slidePath, 256]);
    rows.push('### Whole-slide 256×256 tiles at level 0');
    rows.push('');
    rows.push(
      `${SLIDE_SIZE}×${SLIDE_SIZE} pyramidal TIFF, 256² JPEG tiles (libvips, quality 85); every aligned level-0 tile read once (${coords.length} tiles), RGB uint8 out.`,
    );
    rows.push('');
    rows.push('| pipeline | tiles/s | ratio |');
    rows.push('| --- | ---: | --- |');
    rows.push(`| medsets \`readRegion\`, one at a time | ${fmt(coords.length / serial.s)} | |`);
    rows.push(`| medsets \`readRegion\`, ${CONCURRENCY} in flight | ${fmt(coords.length / parallel.s)} | |`);
    if ('error' in pySlide) notes.push(`OpenSlide peer failed: ${pySlide.error}`);
    else {
      const os = pySlide.amount / pySlide.seconds;
      rows.push(
        `| Python: OpenSlide \`read_region\` → RGB numpy | ${fmt(os)} | medsets is ${fmt(coords.length / serial.s / os, 2)}× (serial), ${fmt(coords.length / parallel.s / os, 2)}× (concurrent) |`,
      );
    }
    rows.push('');

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
    ...rows,
    ...(notes.length ? ['## Notes', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  await writeFile(join(here, '..', 'BENCHMARKS.md'), report);
  console.log(report);
}

await main();
