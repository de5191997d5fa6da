import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { accessOf, type Recipe } from '../recipes/recipe.ts';
import { DatasetAccessError, DatasetLayoutError } from './errors.ts';
import { extractArchive } from './extract.ts';
import { downloadFile } from './http.ts';
import type { ProgressListener } from './progress.ts';

/** `MEDSETS_HOME`, or `~/.cache/medsets`. */
export function medsetsHome(): string {
  return process.env.MEDSETS_HOME || join(homedir(), '.cache', 'medsets');
}

/** Where a dataset lives in the cache (one folder per config when configs are fetched separately). */
export function cachedDatasetDir(recipeId: string, config?: string): string {
  return config ? join(medsetsHome(), 'datasets', recipeId, config) : join(medsetsHome(), 'datasets', recipeId);
}

/** The cache folder of a recipe in a config. */
export function cacheDirOf(recipe: Recipe, config?: string): string {
  return cachedDatasetDir(recipe.id, typeof recipe.access === 'function' ? config : undefined);
}

/** Marker written last: a dataset folder without it is an interrupted download, not a dataset. */
export const COMPLETE_MARKER = '.medsets-complete';

export interface EnsureOptions {
  /** An existing copy on disk; overrides the cache and is never written to. */
  root?: string;
  download?: false | 'if-missing';
  config?: string;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Extraction size limit (bytes). */
  maxBytes?: number;
  /** Retry policy of the HTTP downloads (see downloadFile). */
  retries?: number;
  backoffMs?: number;
}

/** The how-to-get text for a recipe: where to go, which files, where to put them. */
export function accessInstructions(recipe: Recipe, config?: string, target = cacheDirOf(recipe, config)): string {
  const a = accessOf(recipe, config);
  const lines = [`${recipe.title} is not on disk.`];
  if (a.kind === 'manual') {
    lines.push(`It cannot be downloaded automatically: get it from ${a.where}`);
    if (a.note) lines.push(a.note);
    lines.push('Fetch these files:', ...a.files.map((f) => `  - ${f}`));
  } else {
    const name = config ? `${recipe.id}/${config}` : recipe.id;
    lines.push(`Download it with \`medsets download ${name}\` (or loadDataset(..., { download: 'if-missing' })),`);
    lines.push(`or fetch by hand from ${a.page}:`, ...a.files.map((f) => `  - ${f.url}`));
  }
  lines.push(`Unpack them into ${target}`, `  (or anywhere, and pass { root: '<folder>' } / --root <folder>).`);
  lines.push('Expected layout:', ...recipe.layout.split('\n').map((l) => `  ${l}`));
  return lines.join('\n');
}

/**
 * The folder a recipe reads from: `root` if given (it must exist), else the cache. When the cache
 * has no complete copy and `download` is 'if-missing', the recipe's direct files are downloaded,
 * verified against the recipe's checksums and unpacked into a staging folder that is renamed into
 * place only when everything succeeded. Datasets without direct URLs raise DatasetAccessError
 * with the instructions instead.
 */
export async function ensureDataset(recipe: Recipe, options: EnsureOptions = {}): Promise<string> {
  if (options.root) {
    if (!existsSync(options.root)) throw new DatasetLayoutError(recipe.id, options.root, 'root folder does not exist');
    return options.root;
  }
  const dir = cacheDirOf(recipe, options.config);
  if (existsSync(join(dir, COMPLETE_MARKER))) return dir;
  const access = accessOf(recipe, options.config);
  if (!options.download) {
    throw new DatasetAccessError(
      recipe.id,
      `${accessInstructions(recipe, options.config, dir)}\n${access.kind === 'direct' ? "Pass { download: 'if-missing' } to fetch it now." : ''}`.trim(),
    );
  }
  if (access.kind !== 'direct')
    throw new DatasetAccessError(recipe.id, accessInstructions(recipe, options.config, dir));
  const staging = `${dir}.partial`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const downloads = join(medsetsHome(), 'downloads', recipe.id, options.config ?? '');
    for (const file of access.files) {
      const local = join(downloads, file.file);
      if (!(await isFile(local))) {
        await downloadFile(file.url, local, {
          sha256: recipe.checksums[file.file],
          onProgress: options.onProgress,
          signal: options.signal,
          ...(options.retries !== undefined ? { retries: options.retries } : {}),
          ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
        });
      }
      if (file.extract) await extractArchive(local, staging, options.maxBytes ? { maxBytes: options.maxBytes } : {});
      else await copyFile(local, join(staging, file.file));
    }
    await writeFile(join(staging, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, '..'), { recursive: true });
    await rename(staging, dir);
    // Archives are kept only while unpacking: the unpacked copy is what is read.
    await rm(downloads, { recursive: true, force: true });
    return dir;
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
