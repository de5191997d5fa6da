import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Dataset as CatalogDataset, getDataset } from '@medsets/catalog';
import { cacheDirOf } from './download/cache.ts';
import { DatasetLayoutError } from './download/errors.ts';
import { sha256File } from './download/http.ts';
import type { Recipe, SampleRef, Source } from './recipes/recipe.ts';

export interface VerifyReport {
  recipe: string;
  config?: string;
  root: string;
  /** Files with a known checksum: ok, mismatch, or absent (archives are removed once unpacked). */
  checksums: { file: string; status: 'ok' | 'mismatch' | 'absent' }[];
  missing: string[];
  samples: number;
  /** Files samples point to that do not exist. */
  missingFiles: string[];
  catalog?: { unit: string; count: number };
  problems: string[];
  warnings: string[];
  ok: boolean;
}

const UNITS = ['images', 'volumes', 'slides', 'cases', 'patches', 'patients'] as const;

/** A required path counts as present at the root or up to two folders down (archives add a wrapper). */
async function present(root: string, rel: string): Promise<boolean> {
  if (existsSync(join(root, rel))) return true;
  const level = async (dir: string): Promise<string[]> =>
    (await readdir(dir, { withFileTypes: true }).catch(() => []))
      .filter((e) => e.isDirectory())
      .map((e) => join(dir, e.name));
  for (const a of await level(root)) {
    if (existsSync(join(a, rel))) return true;
    for (const b of await level(a)) if (existsSync(join(b, rel))) return true;
  }
  return false;
}

function paths(ref: SampleRef): string[] {
  return [ref.image, ref.mask ?? []].flat().flatMap((s: Source) => ('path' in s ? [s.path] : []));
}

/**
 * Check a dataset on disk: required layout entries, known checksums, every file the recipe's
 * samples point to, and the sample count against the catalog's count.
 */
export async function verifyDataset(
  recipe: Recipe,
  options: { root?: string; config?: string } = {},
): Promise<VerifyReport> {
  const root = options.root ?? cacheDirOf(recipe, options.config);
  if (!existsSync(root))
    throw new DatasetLayoutError(recipe.id, root, 'folder does not exist (download it first, or pass a root)');
  const report: VerifyReport = {
    recipe: recipe.id,
    config: options.config,
    root,
    checksums: [],
    missing: [],
    samples: 0,
    missingFiles: [],
    problems: [],
    warnings: [],
    ok: false,
  };
  for (const rel of recipe.required(options.config)) if (!(await present(root, rel))) report.missing.push(rel);
  for (const [file, expected] of Object.entries(recipe.checksums)) {
    const path = join(root, file);
    if (!existsSync(path)) report.checksums.push({ file, status: 'absent' });
    else report.checksums.push({ file, status: (await sha256File(path)) === expected ? 'ok' : 'mismatch' });
  }
  for (const m of report.missing) report.problems.push(`missing ${m}`);
  for (const c of report.checksums) if (c.status === 'mismatch') report.problems.push(`checksum mismatch: ${c.file}`);
  try {
    const refs = await recipe.listSamples(root, options.config);
    report.samples = refs.length;
    for (const ref of refs) for (const p of paths(ref)) if (!existsSync(p)) report.missingFiles.push(p);
    if (!refs.length) report.problems.push('no samples found');
  } catch (err) {
    report.problems.push((err as Error).message);
  }
  if (report.missingFiles.length) report.problems.push(`${report.missingFiles.length} referenced files missing`);
  const entry = catalogEntry(recipe, options.config);
  if (entry) {
    const unit = UNITS.find((u) => entry.counts[u] != null);
    if (unit) {
      report.catalog = { unit, count: entry.counts[unit]! };
      if (report.samples !== report.catalog.count)
        report.warnings.push(
          `${report.samples} samples found; the catalog lists ${report.catalog.count} ${unit} for ${entry.id} (recipes may read a subset, e.g. labelled images only, or one config)`,
        );
    }
  }
  report.ok = report.problems.length === 0;
  return report;
}

function catalogEntry(recipe: Recipe, config?: string): CatalogDataset | undefined {
  const id = recipe.catalogIds.find((c) => config && recipe.configFor?.(c) === config) ?? recipe.catalogIds[0];
  if (!id) return undefined;
  try {
    return getDataset(id);
  } catch {
    return undefined;
  }
}
