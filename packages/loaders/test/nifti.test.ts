import { describe, expect, it } from 'vitest';
import { axisCodes, type NiftiVolume, readNifti, readNiftiHeader } from '../src/index.ts';
import { entries, ref, type Sample } from './expected.ts';

interface NiftiExpectation {
  nifti_version: number;
  shape: number[];
  stored_dtype: string;
  byte_order: 'little' | 'big';
  scl_slope: number;
  scl_inter: number;
  pixdim: number[];
  affine: number[][];
  axcodes: string[];
  stats: { min: number; max: number; mean: number; sum: number };
  samples: Sample[];
  canonical_ras: { shape: number[]; affine: number[][]; samples: Sample[] };
}

const at = (v: NiftiVolume, index: number[]) => {
  let flat = 0;
  for (let k = index.length - 1; k >= 0; k--) flat = flat * v.shape[k]! + index[k]!;
  return v.data[flat]!;
};

function closeMatrix(got: number[][], want: number[][]) {
  for (const [r, row] of want.entries()) for (const [c, w] of row.entries()) expect(got[r]![c]).toBeCloseTo(w, 4);
}

describe('reference NIfTI files decode to what nibabel reads', () => {
  for (const [name, e] of entries('nifti/')) {
    const exp = e as unknown as NiftiExpectation;
    describe(`${name}: ${e.note}`, () => {
      it('voxels, scaling, affine and axis codes', async () => {
        const v = await readNifti(ref(name));
        expect(v.header.version).toBe(exp.nifti_version);
        expect(v.shape).toEqual(exp.shape);
        expect(v.header.littleEndian).toBe(exp.byte_order === 'little');
        expect(v.header.storedDtype).toBe(exp.stored_dtype.replace('>i2', 'int16').replace('<i2', 'int16'));
        expect(v.header.sclSlope).toBeCloseTo(exp.scl_slope, 6);
        expect(v.header.sclInter).toBeCloseTo(exp.scl_inter, 6);
        v.spacing.slice(0, 3).forEach((s, k) => {
          expect(s).toBeCloseTo(exp.pixdim[k]!, 6);
        });
        closeMatrix(v.affine, exp.affine);
        expect(axisCodes(v.affine)).toEqual(exp.axcodes);
        for (const { index, value } of exp.samples) expect(at(v, index)).toBeCloseTo(value as number, 5);
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        let sum = 0;
        for (let k = 0; k < v.data.length; k++) {
          const x = v.data[k]!;
          if (x < min) min = x;
          if (x > max) max = x;
          sum += x;
        }
        expect(min).toBeCloseTo(exp.stats.min, 5);
        expect(max).toBeCloseTo(exp.stats.max, 5);
        expect(sum / v.data.length).toBeCloseTo(exp.stats.mean, 5);
        expect(Math.abs(sum - exp.stats.sum)).toBeLessThan(1e-4 * Math.max(1, Math.abs(exp.stats.sum)));
      });

      it('header-only read', async () => {
        const h = await readNiftiHeader(ref(name));
        expect(h.version).toBe(exp.nifti_version);
        expect(h.shape).toEqual(exp.shape);
        closeMatrix(h.affine, exp.affine);
      });

      it('reoriented to RAS+ as nibabel as_closest_canonical', async () => {
        const v = await readNifti(ref(name), { orientation: 'RAS' });
        expect(v.shape).toEqual(exp.canonical_ras.shape);
        closeMatrix(v.affine, exp.canonical_ras.affine);
        for (const { index, value } of exp.canonical_ras.samples) expect(at(v, index)).toBeCloseTo(value as number, 5);
      });
    });
  }
});
