import { describe, expect, it } from 'vitest';
import { DecodeError, decodeImage, readNifti, readNiftiHeader } from '../src/index.ts';
import { expected, ref } from './expected.ts';

const decoderFor = (name: string) =>
  /\.nii(\.gz)?$/.test(name) ? (p: string) => readNifti(p) : (p: string) => decodeImage(p);

describe('damaged files fail fast with a DecodeError', () => {
  for (const [name, what] of Object.entries(expected.damaged)) {
    it(`${name}: ${what}`, async () => {
      const path = ref(name);
      const before = process.memoryUsage().arrayBuffers;
      const started = performance.now();
      const error = await decoderFor(name)(path).then(
        () => undefined,
        (err: unknown) => err,
      );
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(DecodeError);
      const e = error as DecodeError;
      expect(e.path).toBe(path);
      expect(e.format).toMatch(/^(png|tiff|nifti)$/);
      expect(e.reason.length).toBeGreaterThan(3);
      expect(e.message).toContain(path);
      expect(elapsed).toBeLessThan(1000);
      // Nothing in proportion to what a lying header claims: a few MiB of buffers at most.
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 2 ** 20);
    });
  }

  it('huge_dims.nii is refused from its header alone', async () => {
    await expect(readNiftiHeader(ref('damaged/huge_dims.nii'))).resolves.toMatchObject({
      shape: [30000, 30000, 30000],
    });
    await expect(readNifti(ref('damaged/huge_dims.nii'))).rejects.toThrow(/30000x30000x30000/);
  });

  it('a missing file is a DecodeError too', async () => {
    await expect(readNifti(ref('nifti/nope.nii'))).rejects.toBeInstanceOf(DecodeError);
    await expect(decodeImage(ref('image/nope.png'))).rejects.toBeInstanceOf(DecodeError);
    await expect(decodeImage(ref('image'))).rejects.toThrow(/cannot decode .*image.*EISDIR/);
  });
});
