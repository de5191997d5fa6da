import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { readNiftiHeader } from './nifti.ts';
import { readNpz } from './npz.ts';
import { infoOf, type Recipe, type SampleRef, type Source } from './recipes/recipe.ts';
import { assignSplits, SPLITS, type SplitName } from './splits.ts';
import { openSlide } from './wsi.ts';

export interface DatasetStats {
  recipe: string;
  config?: string;
  samples: number;
  counts: Record<SplitName, number>;
  /** Samples per class and split (classification labels; multi-label counts each positive). */
  classes: { name: string; counts: Record<SplitName, number> }[];
  patients?: number;
  /** Image sizes (`WxH`, `WxHxD`) and spacings seen in the inspected samples, with how often. */
  sizes: Record<string, number>;
  spacings: Record<string, number>;
  inspected: number;
}

/**
 * Counts per split and class from the listing, plus image size and spacing distributions read
 * from headers (never full decodes) of up to `limit` samples.
 */
export async function datasetStats(
  recipe: Recipe,
  root: string,
  options: { config?: string; seed?: number; limit?: number; onSample?: (done: number, total: number) => void } = {},
): Promise<DatasetStats> {
  const refs = await recipe.listSamples(root, options.config);
  const info = infoOf(recipe, options.config);
  const split = assignSplits(
    refs.map((r) => ({ ...r, group: r.group ?? r.patientId })),
    { seed: options.seed ?? 0, fractions: recipe.split.fractions },
  );
  const counts = { train: split.train.length, val: split.val.length, test: split.test.length };
  const classes = info.classes.map((name) => ({ name, counts: { train: 0, val: 0, test: 0 } }));
  for (const s of SPLITS)
    for (const r of split[s]) {
      if (typeof r.label === 'number' && classes[r.label]) classes[r.label]!.counts[s]++;
      else if (Array.isArray(r.label))
        for (const [k, v] of r.label.entries()) if (v && classes[k]) classes[k].counts[s]++;
    }
  const patients = new Set(refs.map((r) => r.patientId ?? r.group).filter(Boolean)).size;
  const stats: DatasetStats = {
    recipe: recipe.id,
    config: options.config,
    samples: refs.length,
    counts,
    classes,
    sizes: {},
    spacings: {},
    inspected: 0,
  };
  if (patients) stats.patients = patients;
  const limit = Math.min(refs.length, options.limit ?? 200);
  // Evenly spread over the listing so a limit still sees every class folder.
  const step = refs.length / Math.max(1, limit);
  for (let k = 0; k < limit; k++) {
    const ref = refs[Math.floor(k * step)]!;
    const { size, spacing } = await headerOf(ref);
    if (size) stats.sizes[size] = (stats.sizes[size] ?? 0) + 1;
    if (spacing) stats.spacings[spacing] = (stats.spacings[spacing] ?? 0) + 1;
    stats.inspected++;
    options.onSample?.(k + 1, limit);
  }
  return stats;
}

const fmt = (v: number) => Number(v.toFixed(3)).toString();

async function headerOf(ref: SampleRef): Promise<{ size?: string; spacing?: string }> {
  const source = (Array.isArray(ref.image) ? ref.image[0] : ref.image) as Source;
  const spacing = ref.spacing ? ref.spacing.map(fmt).join('x') : undefined;
  try {
    if (source.kind === 'npy') {
      const arrays = await readNpz(source.path);
      return { size: arrays[source.key]!.shape.slice(1).join('x') };
    }
    if (source.kind === 'slide') {
      const slide = await openSlide(source.path);
      const l0 = slide.levels[0]!;
      await slide.close();
      return {
        size: `${l0.width}x${l0.height}`,
        spacing: slide.properties.mpp ? `${fmt(slide.properties.mpp)}µm` : spacing,
      };
    }
    if (!('path' in source)) return {};
    if (/\.nii(\.gz)?$/i.test(source.path)) {
      const h = await readNiftiHeader(source.path);
      return { size: h.shape.slice(0, 3).join('x'), spacing: h.pixdim.slice(0, 3).map(fmt).join('x') };
    }
    if (/\.(ppm|pgm)(\.gz)?$/i.test(source.path)) {
      let bytes: Buffer = await readFile(source.path);
      if (bytes[0] === 0x1f) bytes = gunzipSync(bytes);
      const m = /^P[56]\s+(?:#.*\s+)*(\d+)\s+(\d+)/.exec(bytes.subarray(0, 200).toString('latin1'));
      return { size: m ? `${m[1]}x${m[2]}` : undefined, spacing };
    }
    const meta = await sharp(source.path).metadata();
    return { size: `${meta.width}x${meta.height}`, spacing };
  } catch {
    return { size: 'unreadable' };
  }
}
