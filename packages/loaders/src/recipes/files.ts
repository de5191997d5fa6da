/** File-system reading shared by recipes: walking folders, CSV tables, stems. */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DatasetLayoutError } from '../download/errors.ts';

/** Every file under `dir` (recursively), as absolute paths, sorted; hidden files skipped. */
export async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await visit(p);
      else if (e.isFile() || e.isSymbolicLink()) out.push(p);
    }
  };
  await visit(dir);
  return out.sort();
}

/** Files under `dir` whose name matches `pattern`. */
export async function filesMatching(dir: string, pattern: RegExp): Promise<string[]> {
  return (await walk(dir)).filter((p) => pattern.test(basename(p)));
}

/** Immediate sub-folders of `dir`, sorted. */
export async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** A CSV file as records keyed by its header row. */
export async function readCsv(path: string, options: { delimiter?: string } = {}): Promise<Record<string, string>[]> {
  const text = await readFile(path, 'utf8');
  return parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
    delimiter: options.delimiter ?? ',',
  }) as Record<string, string>[];
}

/** A CSV file without a header, as rows of cells. */
export async function readCsvRows(path: string): Promise<string[][]> {
  return parse(await readFile(path, 'utf8'), { skip_empty_lines: true, trim: true, bom: true }) as string[][];
}

/** File name without its (possibly double, `.nii.gz`) extension. */
export function stem(path: string): string {
  return basename(path)
    .replace(/\.(nii|ppm|pgm|tar)\.gz$/i, '')
    .replace(/\.[^.]+$/, '');
}

export function rel(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** `join(root, ...parts)`, failing with a layout error naming what is missing. */
export function need(datasetId: string, root: string, ...parts: string[]): string {
  const p = join(root, ...parts);
  if (!existsSync(p)) throw new DatasetLayoutError(datasetId, root, `missing ${parts.join('/')}`);
  return p;
}

/**
 * The dataset folder inside `root`: `root` itself when it holds `marker`, else the first of
 * `wrappers` (the folder an archive unpacks to) that does.
 */
export function locate(root: string, marker: string, wrappers: string[]): string {
  for (const base of [root, ...wrappers.map((w) => join(root, w))]) if (existsSync(join(base, marker))) return base;
  return root;
}
