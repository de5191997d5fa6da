import { isAbsolute, join } from 'node:path';
import type { SplitName } from '../../splits.ts';
import { readCsv } from '../files.ts';
import { csv, writePatternImage, writeText } from '../fixture-kit.ts';
import { defineRecipe, type Recipe, type SampleRef } from '../recipe.ts';

export interface CsvManifestOptions {
  id?: string;
  title?: string;
  /** Manifest file, relative to the root (default `manifest.csv`). */
  file?: string;
  /** Column names. `image` is required; paths are relative to the root. */
  columns?: { image?: string; mask?: string; label?: string; patient?: string; split?: string; id?: string };
  /** Class names in label order; default: the distinct label values, sorted. */
  classes?: string[];
  task?: 'classification' | 'segmentation';
}

/** A CSV listing one sample per row: image path, and optionally mask, label, patient, split. */
export function csvManifest(options: CsvManifestOptions = {}): Recipe {
  const file = options.file ?? 'manifest.csv';
  const col = {
    image: 'image',
    mask: 'mask',
    label: 'label',
    patient: 'patient',
    split: 'split',
    id: 'id',
    ...options.columns,
  };
  const info = {
    classes: options.classes ?? [],
    task: options.task ?? (options.columns?.mask ? 'segmentation' : 'classification'),
    dimensionality: '2d',
    channels: 'as stored',
  } as const;
  return defineRecipe({
    id: options.id ?? 'csv-manifest',
    catalogIds: [],
    title: options.title ?? 'CSV manifest',
    layout: `<root>/${file} with columns ${Object.values(col).join(', ')}\n<root>/<paths listed in the manifest>`,
    references: [],
    formats: ['csv', 'png', 'jpeg', 'tiff', 'nifti'],
    info: { ...info },
    split: { rule: 'the manifest split column when present, else by patient column under the seed' },
    access: { kind: 'manual', where: 'your own folder', files: [file] },
    checksums: {},
    required: () => [file],
    async listSamples(root) {
      const rows = await readCsv(join(root, file));
      const labels =
        options.classes ?? [...new Set(rows.map((r) => r[col.label]).filter((v): v is string => !!v))].sort();
      if (!options.classes) (this.info as { classes: string[] }).classes = labels;
      const abs = (p: string) => (isAbsolute(p) ? p : join(root, p));
      return rows.map((r, i): SampleRef => {
        const image = r[col.image];
        if (!image) throw new Error(`${file} row ${i + 2}: empty "${col.image}"`);
        const ref: SampleRef = {
          id: r[col.id] || image.replace(/\.[^.]+$/, ''),
          image: { kind: 'file', path: abs(image) },
          path: abs(image),
        };
        if (r[col.mask]) ref.mask = { kind: 'file', path: abs(r[col.mask]!) };
        if (r[col.label]) {
          const k = labels.indexOf(r[col.label]!);
          ref.label = k >= 0 ? k : Number(r[col.label]);
        }
        if (r[col.patient]) ref.patientId = r[col.patient];
        const split = r[col.split];
        if (split === 'train' || split === 'val' || split === 'test') ref.split = split as SplitName;
        return ref;
      });
    },
    async writeFixture(dir) {
      const rows: (string | number)[][] = [['image', 'label', 'patient']];
      for (let i = 0; i < 6; i++) {
        await writePatternImage(join(dir, 'img', `s${i}.jpg`), [10, 10], 3, 'jpeg', i);
        rows.push([`img/s${i}.jpg`, i % 2 ? 'tumour' : 'normal', `P${Math.floor(i / 2)}`]);
      }
      await writeText(join(dir, file), csv(rows));
      return { samples: 6 };
    },
  });
}

export default csvManifest();
