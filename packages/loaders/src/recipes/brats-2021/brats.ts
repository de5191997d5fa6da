import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { filesMatching } from '../files.ts';
import { sphere, writeNifti } from '../fixture-kit.ts';
import type { RecipeInfo, SampleRef } from '../recipe.ts';

/** Channel order of BraTS samples. */
export const MODALITIES = ['t1', 't1ce', 't2', 'flair'];

export const BRATS_INFO: RecipeInfo = {
  classes: ['background', 'necrotic / non-enhancing tumour core', 'peritumoral edema', 'enhancing tumour'],
  labelMap: { 0: 'background', 1: 'NCR/NET', 2: 'ED', 4: 'ET' },
  task: 'segmentation',
  dimensionality: '3d',
  channels: 'T1, T1ce, T2, FLAIR as 4 channels [D, H, W, 4]',
  maskEncoding: 'labels',
};

/**
 * BraTS cases: a folder per case holding `<case>_{t1,t1ce,t2,flair}.nii.gz` and, for training
 * cases, `<case>_seg.nii.gz` (labels 0, 1, 2, 4). The four modalities are stacked as channels.
 */
export async function bratsSamples(
  root: string,
  label?: (caseDir: string) => number | undefined,
): Promise<SampleRef[]> {
  const out: SampleRef[] = [];
  for (const flair of await filesMatching(root, /_flair\.nii(\.gz)?$/)) {
    const dir = join(flair, '..');
    const ext = flair.endsWith('.gz') ? '.nii.gz' : '.nii';
    const id = flair.split('/').pop()!.replace(`_flair${ext}`, '');
    const files = MODALITIES.map((m) => join(dir, `${id}_${m}${ext}`));
    if (!files.every(existsSync)) continue;
    const seg = join(dir, `${id}_seg${ext}`);
    const ref: SampleRef = {
      id,
      image: files.map((path) => ({ kind: 'file' as const, path })),
      patientId: id,
      path: dir,
    };
    if (existsSync(seg)) ref.mask = { kind: 'file', path: seg };
    const l = label?.(dir);
    if (l !== undefined) ref.label = l;
    out.push(ref);
  }
  return out;
}

export async function writeBratsCase(dir: string, id: string, seed: number): Promise<void> {
  const shape = [8, 8, 6];
  const seg = sphere(shape, seed, 2);
  const label = (x: number, y: number, z: number) => [0, 2, 4][seg(x, y, z)]!;
  for (const [k, m] of MODALITIES.entries())
    await writeNifti(
      join(dir, `${id}_${m}.nii.gz`),
      shape,
      'int16',
      (x, y, z) => 300 * seg(x, y, z) + 20 * k + x,
      [1, 1, 1],
    );
  await writeNifti(join(dir, `${id}_seg.nii.gz`), shape, 'uint8', label, [1, 1, 1]);
}
