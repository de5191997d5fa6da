import { describe, expect, it } from 'vitest';
import {
  CT_WINDOWS,
  decodeImage,
  getBackendInfo,
  imageToTensor,
  initBackend,
  labelsToTensor,
  niftiToVolume,
  normalize,
  readNifti,
  resampleToSpacing,
  resizeImage,
  resizeVolume,
  tf,
  type Volume,
  volumeToTensor,
} from '../src/index.ts';
import { ref } from './expected.ts';

describe('backend selection', () => {
  it('auto falls back past the missing tfjs-node packages to wasm, and says why', async () => {
    const lines: string[] = [];
    const info = await initBackend({ log: (l) => lines.push(l) });
    expect(info.choice).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.tried.map((t) => t.choice)).toEqual(['node-gpu', 'node']);
    expect(info.tried.find((t) => t.choice === 'node')!.reason).toBe('not installed');
    if (!info.cudaVisible) expect(info.tried[0]!.reason).toBe('no CUDA GPU visible');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/tfjs backend wasm .*skipped node-gpu: .*node: not installed/);
    expect(getBackendInfo()).toBe(info);
    expect(Array.from(await tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).data())).toEqual([4, 6]);
  });

  it('a custom order and an explicit backend', async () => {
    const info = await initBackend({ order: ['node', 'cpu'], log: false });
    expect(info).toMatchObject({ choice: 'cpu', backend: 'cpu', tried: [{ choice: 'node', reason: 'not installed' }] });
    expect((await initBackend({ backend: 'wasm', log: false })).backend).toBe('wasm');
    await expect(initBackend({ backend: 'node', log: false })).rejects.toThrow(/node: not installed/);
    await expect(initBackend({ backend: 'metal' as 'cpu' })).rejects.toThrow(/invalid backend options/);
  });
});

describe('normalization', () => {
  it('min-max, z-score, scale', () => {
    expect(Array.from(normalize([2, 4, 6], { kind: 'minmax' }))).toEqual([0, 0.5, 1]);
    const z = normalize([1, 2, 3, 4], { kind: 'zscore' });
    expect(z.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
    expect(z.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 5);
    expect(Array.from(normalize([0, 2, 4], { kind: 'zscore', nonzero: true }))).toEqual([0, -1, 1]);
    expect(Array.from(normalize([0, 255], { kind: 'scale', factor: 1 / 255 }))).toEqual([0, 1]);
  });

  it('8-bit scaling: every length and byte offset (whole words, two-word steps, leftover bytes)', () => {
    const bytes = Uint8Array.from({ length: 40 }, (_, k) => (k * 37 + 11) & 255);
    for (let offset = 0; offset < 4; offset++) {
      for (let length = 0; length <= 36; length++) {
        const data = bytes.subarray(offset, offset + length);
        const expected = Array.from(data, (v) => Math.fround(v * (1 / 255)));
        expect(Array.from(normalize(data, { kind: 'scale', factor: 1 / 255 })), `${offset}+${length}`).toEqual(
          expected,
        );
      }
    }
  });

  it('CT windows: presets and custom [level, width]', () => {
    const [level, width] = CT_WINDOWS.lung;
    expect(Array.from(normalize([level - width, level, level + width], { kind: 'ct', window: 'lung' }))).toEqual([
      0, 0.5, 1,
    ]);
    expect(Array.from(normalize([-160, 40, 240], { kind: 'ct', window: 'soft-tissue' }))).toEqual([0, 0.5, 1]);
    expect(Array.from(normalize([0, 40, 80], { kind: 'ct', window: 'brain' }))).toEqual([0, 0.5, 1]);
    expect(Array.from(normalize([-500, 100, 700], { kind: 'ct', window: [100, 1200] }))).toEqual([0, 0.5, 1]);
    expect(() => normalize([1], { kind: 'ct', window: 'liver' as 'lung' })).toThrow(/invalid normalization/);
  });
});

describe('tensors', () => {
  it('images as float32 [H, W, C], masks as int32', async () => {
    await initBackend({ log: false });
    const img = await decodeImage(ref('image/rgba.png'), { channels: 3 });
    const t = imageToTensor(img);
    expect(t.shape).toEqual([33, 47, 3]);
    expect(t.dtype).toBe('float32');
    const px = await tf.slice(t, [19, 19, 0], [1, 1, 3]).data();
    expect(Array.from(px).map((v) => Math.round(v * 255))).toEqual([157, 239, 94]);
    const mask = labelsToTensor(await decodeImage(ref('image/mask_binary.png')));
    expect(mask.dtype).toBe('int32');
    expect(mask.shape).toEqual([64, 80, 1]);
    expect((await tf.sum(mask).data())[0]).toBe(306000);
    tf.dispose([t, mask]);
  });

  it('NIfTI as [D, H, W, C]: 3D without copy, 4D with time as channels', async () => {
    const ct = await readNifti(ref('nifti/ct_int16_scaled.nii.gz'));
    const vol = niftiToVolume(ct);
    expect(vol.shape).toEqual([16, 20, 24]);
    expect(vol.data).toBe(ct.data);
    const t = volumeToTensor(vol, { kind: 'ct', window: 'soft-tissue' });
    expect(t.shape).toEqual([16, 20, 24, 1]);
    // voxel (i=15, j=8, k=14) is 284 HU → soft-tissue window → (284 - (40 - 200)) / 400, clipped to 1.
    expect((await tf.slice(t, [14, 8, 15, 0], [1, 1, 1, 1]).data())[0]).toBeCloseTo(1, 6);
    const mr = await readNifti(ref('nifti/mr_4d_float32.nii'));
    const v4 = niftiToVolume(mr);
    expect([...v4.shape, v4.channels]).toEqual([6, 8, 8, 3]);
    // Index [0, 0, 2, 1] = i 0, j 0, k 2, t 1.
    expect(v4.data[((2 * 8 + 0) * 8 + 0) * 3 + 1]).toBeCloseTo(mr.data[1 * 384 + 2 * 64]!, 6);
    t.dispose();
  });

  it('the same values on the wasm backend (written in place) and the cpu one, and nothing left on bad options', async () => {
    const rgb = await decodeImage(ref('image/rgba.png'), { channels: 3 });
    const gray16 = await decodeImage(ref('image/gray16.png'));
    const ct = niftiToVolume(await readNifti(ref('nifti/ct_int16_scaled.nii.gz')));
    for (const backend of ['wasm', 'cpu'] as const) {
      await initBackend({ backend, log: false });
      const before = tf.memory();
      const tensors = [
        imageToTensor(rgb),
        imageToTensor(gray16, { kind: 'minmax' }),
        volumeToTensor(ct, { kind: 'zscore' }),
      ];
      const expected = [
        normalize(rgb.data, { kind: 'scale', factor: 1 / 255 }),
        normalize(gray16.data, { kind: 'minmax' }),
        normalize(ct.data, { kind: 'zscore' }),
      ];
      for (const [k, t] of tensors.entries()) expect(await t.data(), `${backend} #${k}`).toEqual(expected[k]);
      expect(() => imageToTensor(rgb, { kind: 'ct', window: 'liver' as 'lung' })).toThrow(/invalid normalization/);
      tf.dispose(tensors);
      expect(tf.memory()).toMatchObject({ numTensors: before.numTensors, numBytes: before.numBytes });
    }
    await initBackend({ backend: 'wasm', log: false });
  });

  it('no leaks: 10,000 samples through tensors leave numTensors where it was', async () => {
    await initBackend({ log: false });
    const img = await decodeImage(ref('image/rgba.png'), { channels: 3 });
    const before = tf.memory().numTensors;
    for (let k = 0; k < 10_000; k += 50) {
      const batch = tf.tidy(() => tf.stack(Array.from({ length: 50 }, () => imageToTensor(img))));
      expect(batch.shape).toEqual([50, 33, 47, 3]);
      batch.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('resize', () => {
  it('sharp for 8-bit images, nearest keeps mask values', async () => {
    const mask = await decodeImage(ref('image/mask_binary.png'));
    const small = await resizeImage(mask, { width: 37, height: 23, kernel: 'nearest' });
    expect([small.width, small.height, small.channels, small.data.length]).toEqual([37, 23, 1, 37 * 23]);
    expect(new Set(small.data)).toEqual(new Set([0, 255]));
    const rgb = await resizeImage(await decodeImage(ref('image/rgba.png')), { width: 94, height: 66 });
    expect([rgb.channels, rgb.dtype, rgb.data.length]).toEqual([4, 'uint8', 94 * 66 * 4]);
    const g16 = await resizeImage(await decodeImage(ref('image/gray16.png')), {
      width: 28,
      height: 20,
      kernel: 'linear',
    });
    expect([g16.dtype, g16.channels]).toEqual(['uint16', 1]);
    expect(Math.max(...g16.data)).toBeGreaterThan(255);
    const f = await resizeImage(await decodeImage(ref('image/float32.tif')), {
      width: 48,
      height: 40,
      kernel: 'linear',
    });
    expect(f.dtype).toBe('float32');
  });

  it('trilinear for volumes, nearest for labels, resampling to a spacing', () => {
    const vol: Volume = {
      data: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
      shape: [2, 2, 2],
      channels: 1,
      dtype: 'float32',
    };
    const up = resizeVolume(vol, [4, 4, 4]);
    // A linear ramp stays a linear ramp: the mean is unchanged and corners clamp to the originals.
    expect(Array.from(up.data).reduce((a, b) => a + b, 0) / 64).toBeCloseTo(3.5, 6);
    expect(up.data[0]).toBe(0);
    expect(up.data[63]).toBe(7);
    const labels: Volume = {
      data: Uint8Array.from([0, 1, 2, 3, 0, 1, 2, 3]),
      shape: [2, 2, 2],
      channels: 1,
      dtype: 'uint8',
    };
    const nearest = resizeVolume(labels, [3, 5, 7], { mode: 'nearest' });
    expect(nearest.dtype).toBe('uint8');
    expect(new Set(nearest.data)).toEqual(new Set([0, 1, 2, 3]));
    const { volume, spacing } = resampleToSpacing(
      { data: new Float32Array(16 * 20 * 24), shape: [16, 20, 24], channels: 1, dtype: 'float32' },
      [2.5, 0.8, 0.8],
      [1, 1, 1],
    );
    expect(volume.shape).toEqual([40, 16, 19]);
    expect(spacing[0]).toBeCloseTo(1, 6);
  });
});
