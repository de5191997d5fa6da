import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DecodeError,
  DecodePool,
  initBackend,
  niftiToVolume,
  readNifti,
  readNiftiTensor,
  tf,
  volumeToTensor,
} from '../src/index.ts';
import { type Batch, loadDataset, type Sample } from '../src/load-dataset.ts';
import kits from '../src/recipes/kits19/recipe.ts';
import { ref } from './expected.ts';

/**
 * A scaled int16 NIfTI-1 volume big enough to inflate in several 1 MiB chunks. vox_offset 353 puts
 * the voxels at an odd offset, so voxels straddle the chunk boundaries.
 */
function scaledInt16(shape: [number, number, number]): Buffer {
  const [I, J, K] = shape;
  const offset = 353;
  const file = Buffer.alloc(offset + I * J * K * 2);
  file.writeInt32LE(348, 0);
  for (const [k, d] of [3, I, J, K, 1, 1, 1, 1].entries()) file.writeInt16LE(d, 40 + 2 * k);
  file.writeInt16LE(4, 70);
  file.writeInt16LE(16, 72);
  for (const [k, p] of [1, 0.7, 0.7, 2, 1, 1, 1, 1].entries()) file.writeFloatLE(p, 76 + 4 * k);
  file.writeFloatLE(offset, 108);
  file.writeFloatLE(0.5, 112);
  file.writeFloatLE(-1024, 116);
  file.write('n+1\0', 344, 'latin1');
  // Varied values in the full int16 range, so a voxel lost or misplaced shows.
  for (let v = 0; v < I * J * K; v++) file.writeInt16LE(((v * 7919) % 65536) - 32768, offset + 2 * v);
  return gzipSync(file, { level: 1 });
}

const values = async (t: tf.Tensor) => Array.from(await t.data());

describe('readNiftiTensor', () => {
  let dir: string;
  let big: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nifti-tensor-'));
    big = join(dir, 'big.nii.gz');
    await writeFile(big, scaledInt16([160, 128, 40]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`${backend}: the same tensor as readNifti → volumeToTensor, reference files and a multi-chunk volume`, async () => {
      await initBackend({ backend, log: false });
      const names = [
        'nifti/ct_int16_scaled.nii.gz',
        'nifti/seg_uint8.nii.gz',
        'nifti/nifti2_float64.nii.gz',
        'nifti/big_endian_int16.nii',
        'nifti/mr_4d_float32.nii',
      ];
      for (const path of [...names.map(ref), big]) {
        const before = tf.memory().numTensors;
        const got = await readNiftiTensor(path);
        const nifti = await readNifti(path);
        const want = volumeToTensor(niftiToVolume(nifti));
        expect(got.tensor.shape, path).toEqual(want.shape);
        expect(await values(got.tensor), path).toEqual(await values(want));
        expect(got.affine).toEqual(nifti.affine);
        expect(got.spacing).toEqual(nifti.spacing);
        tf.dispose([got.tensor, want]);
        expect(tf.memory().numTensors).toBe(before);
      }
    });
  }

  it('with a normalization or RAS reorientation, as the two-step path', async () => {
    await initBackend({ backend: 'wasm', log: false });
    const path = ref('nifti/ct_int16_scaled.nii.gz');
    const got = await readNiftiTensor(path, { orientation: 'RAS' }, { kind: 'ct', window: 'soft-tissue' });
    const want = volumeToTensor(niftiToVolume(await readNifti(path, { orientation: 'RAS' })), {
      kind: 'ct',
      window: 'soft-tissue',
    });
    expect(await values(got.tensor)).toEqual(await values(want));
    tf.dispose([got.tensor, want]);
  });

  it('re-fetches the heap view per chunk: the wasm heap growing mid-read loses nothing', async () => {
    await initBackend({ backend: 'wasm', log: false });
    const memory = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer;
    const want = volumeToTensor(niftiToVolume(await readNifti(big)));
    const heapBefore = memory();
    let done = false;
    const reading = readNiftiTensor(big).finally(() => {
      done = true;
    });
    // Allocate ever larger tensors while chunks are inflated: each needs new heap, so the heap
    // grows (detaching every earlier view) between chunk conversions.
    const hogs: tf.Tensor[] = [];
    for (let n = 1; !done; n++) {
      hogs.push(tf.zeros([n * 4 * 2 ** 20]));
      await new Promise((r) => setImmediate(r));
    }
    const got = await reading;
    expect(hogs.length).toBeGreaterThan(1);
    expect(memory()).not.toBe(heapBefore);
    expect(await values(got.tensor)).toEqual(await values(want));
    tf.dispose([got.tensor, want, ...hogs]);
  });

  it('a truncated or damaged file: a DecodeError and no tensor or heap memory left behind', async () => {
    await initBackend({ backend: 'wasm', log: false });
    const whole = await readFile(big);
    const cut = join(dir, 'cut.nii.gz');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const files = [
      cut,
      ...['truncated.nii.gz', 'bad_magic.nii', 'huge_dims.nii', 'not_gzip.nii.gz'].map((n) => ref(`damaged/${n}`)),
    ];
    for (const path of files) {
      const before = tf.memory();
      const error = await readNiftiTensor(path).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error, path).toBeInstanceOf(DecodeError);
      expect((error as DecodeError).path).toBe(path);
      expect(tf.memory().numTensors, path).toBe(before.numTensors);
      expect(tf.memory().numBytes, path).toBe(before.numBytes);
    }
  });

  it('loadDataset reads lone NIfTI volumes this way: the same samples as decoding in a worker pool', async () => {
    await initBackend({ backend: 'wasm', log: false });
    const root = join(dir, 'kits');
    await kits.writeFixture(root);
    // A scaled volume, so the in-place path is the one taken.
    const scaled = join(root, 'data', 'case_00000', 'imaging.nii.gz');
    await writeFile(scaled, scaledInt16([8, 8, 6]));
    const drain = async (ds: AsyncIterable<Sample | Batch>) => {
      const out: Sample[] = [];
      for await (const s of ds) out.push(s as Sample);
      return out;
    };
    const direct = await drain(await loadDataset('kits19', { root, split: 'all' }));
    const pool = new DecodePool({ workers: 1 });
    const pooled = await drain(await loadDataset('kits19', { root, split: 'all', pool })).finally(() => pool.destroy());
    expect(direct.map((s) => s.meta.id)).toEqual(pooled.map((s) => s.meta.id));
    for (const [k, s] of direct.entries()) {
      expect(await values(s.image)).toEqual(await values(pooled[k]!.image));
      expect(await s.mask?.data()).toEqual(await pooled[k]!.mask?.data());
      expect(s.meta.spacing).toEqual(pooled[k]!.meta.spacing);
      expect(s.meta.affine).toEqual(pooled[k]!.meta.affine);
    }
    const want = volumeToTensor(niftiToVolume(await readNifti(scaled)));
    const sample = direct.find((s) => s.meta.path.includes('case_00000'))!;
    expect(await values(sample.image)).toEqual(await values(want));
    tf.dispose([want, ...[...direct, ...pooled].flatMap((s) => [s.image, s.mask, s.label].filter((t) => !!t))]);
  });
});
