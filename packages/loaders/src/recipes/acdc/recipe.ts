import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SplitName } from '../../splits.ts';
import { walk } from '../files.ts';
import { sphere, writeNifti, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

/**
 * ACDC (Bernard et al., IEEE TMI 2018): cine cardiac MRI of 150 patients,
 * `{training,testing}/patient<nnn>/` with `Info.cfg` (ED, ES, Group, Height, NbFrame, Weight),
 * the 4D cine `patient<nnn>_4d.nii.gz`, and the end-diastolic and end-systolic frames
 * `patient<nnn>_frame<ff>.nii.gz` with labels `_gt.nii.gz` (0 background, 1 right ventricle,
 * 2 myocardium, 3 left ventricle). Each labelled frame is a sample; both frames of a patient stay
 * in one split. Training (100) / testing (50) is the official split.
 */
export default defineRecipe({
  id: 'acdc',
  catalogIds: ['acdc'],
  title: 'ACDC (Automated Cardiac Diagnosis Challenge)',
  layout:
    'database/\n  training/patient001/Info.cfg, patient001_4d.nii.gz, patient001_frame01.nii.gz, patient001_frame01_gt.nii.gz, patient001_frame12.nii.gz, patient001_frame12_gt.nii.gz\n  testing/patient101/…',
  references: ['https://www.creatis.insa-lyon.fr/Challenge/acdc/', 'https://doi.org/10.1109/TMI.2018.2837502'],
  formats: ['nifti'],
  info: {
    classes: ['background', 'right ventricle', 'myocardium', 'left ventricle'],
    labelMap: { 0: 'background', 1: 'right ventricle', 2: 'myocardium', 3: 'left ventricle' },
    task: 'segmentation',
    dimensionality: '3d',
    channels: 'cine MRI frame [D, H, W, 1]',
    maskEncoding: 'labels',
  },
  split: { rule: 'official: training / testing patients; val carved from training by patient' },
  access: {
    kind: 'manual',
    where: 'https://humanheart-project.creatis.insa-lyon.fr/database/ (ACDC collection; create an account)',
    files: ['ACDC.zip (database/training and database/testing)'],
  },
  checksums: {},
  required: () => [],
  async listSamples(root) {
    const out: SampleRef[] = [];
    const patients = (await walk(root)).filter((f) => f.endsWith('Info.cfg')).map((f) => join(f, '..'));
    for (const dir of patients) {
      const patient = dir.split('/').pop()!;
      const split: SplitName = dir.split('/').includes('testing') ? 'test' : 'train';
      const cfg = Object.fromEntries(
        (await readFile(join(dir, 'Info.cfg'), 'utf8'))
          .split('\n')
          .map((l) => l.split(':').map((s) => s.trim()))
          .filter((kv) => kv.length === 2),
      ) as Record<string, string>;
      for (const [phase, frame] of [
        ['ED', cfg.ED],
        ['ES', cfg.ES],
      ] as [string, string | undefined][]) {
        if (!frame) continue;
        const base = join(dir, `${patient}_frame${frame.padStart(2, '0')}`);
        const path = `${base}.nii.gz`;
        if (!existsSync(path)) continue;
        const ref: SampleRef = {
          id: `${patient}_${phase}`,
          image: { kind: 'file', path },
          patientId: patient,
          split,
          path,
          extra: { phase, group: cfg.Group ?? '' },
        };
        if (existsSync(`${base}_gt.nii.gz`)) ref.mask = { kind: 'file', path: `${base}_gt.nii.gz` };
        out.push(ref);
      }
    }
    return out;
  },
  async writeFixture(dir) {
    const patients: [string, number][] = [
      ['training', 1],
      ['training', 2],
      ['training', 3],
      ['testing', 101],
    ];
    for (const [folder, n] of patients) {
      const p = `patient${String(n).padStart(3, '0')}`;
      const base = join(dir, 'database', folder, p);
      await writeText(
        join(base, 'Info.cfg'),
        `ED: 1\nES: ${n + 8}\nGroup: DCM\nHeight: 184.0\nNbFrame: 30\nWeight: 95.0\n`,
      );
      for (const f of [1, n + 8]) {
        const seg = sphere([8, 8, 4], n + f, 2);
        const name = `${p}_frame${String(f).padStart(2, '0')}`;
        await writeNifti(
          join(base, `${name}.nii.gz`),
          [8, 8, 4],
          'int16',
          (x, y, z) => 200 * seg(x, y, z) + x + y + z,
          [1.4, 1.4, 10],
        );
        await writeNifti(
          join(base, `${name}_gt.nii.gz`),
          [8, 8, 4],
          'uint8',
          (x, y, z) => seg(x, y, z) + (seg(x, y, z) ? 1 : 0),
          [1.4, 1.4, 10],
        );
      }
    }
    return { samples: 8, splits: { train: 6, test: 2 } };
  },
});
