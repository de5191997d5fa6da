import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import yauzl from 'yauzl';
import { z } from 'zod';
import { parseOptions } from '../options.ts';
import { ExtractError } from './errors.ts';

const extractOptionsSchema = z
  .object({
    /** Refuse archives whose entries add up to more than this many bytes (decompression bombs). */
    maxBytes: z
      .number()
      .int()
      .positive()
      .default(2 ** 40),
    /** Refuse archives with more entries than this. */
    maxEntries: z.number().int().positive().default(5_000_000),
  })
  .strict();

export type ExtractOptions = z.input<typeof extractOptionsSchema>;
export type ArchiveKind = 'zip' | 'tar' | 'tar.gz';

export interface ExtractResult {
  entries: number;
  bytes: number;
}

/** The archive's kind from its first bytes (names lie: `.tar` files are sometimes gzipped). */
export async function archiveKind(path: string): Promise<ArchiveKind | undefined> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await fh.read(head, 0, 512, 0);
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
    if (bytesRead >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
    return undefined;
  } finally {
    await fh.close();
  }
}

/**
 * Extract a zip, tar or tar.gz archive into `dest`. Every entry is checked before it is written:
 * absolute paths, `..` segments, links pointing outside `dest`, device files, and archives
 * expanding past `maxBytes` are refused. Entries land in a staging folder inside `dest` and are
 * moved into place only when the whole archive extracted, so a refused archive leaves nothing.
 */
export async function extractArchive(archive: string, dest: string, options?: ExtractOptions): Promise<ExtractResult> {
  const opts = parseOptions(extractOptionsSchema, options, 'extract');
  const kind = await archiveKind(archive).catch((err) => {
    throw new ExtractError(archive, `cannot read: ${(err as Error).message}`, { cause: err });
  });
  if (!kind) throw new ExtractError(archive, 'not a zip, tar or tar.gz archive (unrecognised magic bytes)');
  await mkdir(dest, { recursive: true });
  const stage = join(dest, `.extracting-${process.pid}-${Date.now()}`);
  await mkdir(stage);
  try {
    const result = kind === 'zip' ? await extractZip(archive, stage, opts) : await extractTar(archive, stage, opts);
    for (const name of await readdir(stage)) {
      await rm(join(dest, name), { recursive: true, force: true });
      await rename(join(stage, name), join(dest, name));
    }
    return result;
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw new ExtractError(archive, (err as Error).message, { cause: err });
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

type Opts = z.output<typeof extractOptionsSchema>;

/** The entry's path inside `root`, or the reason it is unsafe. */
export function safeEntryPath(root: string, name: string): string {
  const clean = name.replace(/\\/g, '/');
  if (clean.startsWith('/') || /^[a-zA-Z]:/.test(clean) || isAbsolute(name)) throw new Error(`absolute path "${name}"`);
  const parts = clean.split('/');
  if (parts.includes('..')) throw new Error(`path "${name}" climbs out of the folder with ".."`);
  const target = resolve(root, ...parts.filter((p) => p && p !== '.'));
  if (!inside(root, target)) throw new Error(`path "${name}" resolves outside the folder`);
  return target;
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function checkLink(root: string, entryPath: string, linkTarget: string, hard: boolean): void {
  if (isAbsolute(linkTarget) || linkTarget.startsWith('/'))
    throw new Error(`link "${relative(root, entryPath)}" points to the absolute path "${linkTarget}"`);
  const target = hard ? resolve(root, linkTarget) : resolve(dirname(entryPath), linkTarget);
  if (!inside(root, target))
    throw new Error(`link "${relative(root, entryPath)}" -> "${linkTarget}" points outside the folder`);
}

async function extractTar(archive: string, stage: string, opts: Opts): Promise<ExtractResult> {
  // Pass 1 reads headers only (node-tar skips bodies it is not asked for): nothing is written
  // unless every entry is safe and the total fits.
  let entries = 0;
  let bytes = 0;
  let problem: string | undefined;
  await tar
    .list({
      file: archive,
      strict: true,
      onReadEntry: (entry) => {
        if (problem) return;
        try {
          entries++;
          bytes += entry.size ?? 0;
          if (entries > opts.maxEntries) throw new Error(`more than ${opts.maxEntries} entries`);
          if (bytes > opts.maxBytes) throw new Error(`expands beyond the ${opts.maxBytes}-byte limit`);
          const path = safeEntryPath(stage, entry.path);
          const type = entry.type;
          if (type === 'SymbolicLink' || type === 'Link') checkLink(stage, path, entry.linkpath ?? '', type === 'Link');
          else if (!['File', 'OldFile', 'ContiguousFile', 'Directory', 'GNUDumpDir'].includes(type))
            throw new Error(`entry "${entry.path}" is a ${type}, which a dataset archive has no need for`);
        } catch (err) {
          problem = (err as Error).message;
        }
      },
    })
    .catch((err: Error) => {
      throw new ExtractError(archive, `corrupt tar: ${err.message}`, { cause: err });
    });
  if (problem) throw new ExtractError(archive, problem);
  await tar.extract({ file: archive, cwd: stage, strict: true, preservePaths: false, noChmod: true });
  return { entries, bytes };
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((res, rej) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false },
      (e, z) => (e ? rej(e) : res(z!)),
    ),
  );
}

async function extractZip(archive: string, stage: string, opts: Opts): Promise<ExtractResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(archive);
  } catch (err) {
    throw new ExtractError(archive, `corrupt zip: ${(err as Error).message}`, { cause: err });
  }
  // The central directory lists every entry with its size: check them all before writing any.
  if (zip.entryCount > opts.maxEntries) {
    zip.close();
    throw new ExtractError(archive, `more than ${opts.maxEntries} entries`);
  }
  let entries = 0;
  let bytes = 0;
  return new Promise<ExtractResult>((resolveAll, rejectAll) => {
    const fail = (err: unknown) => {
      zip.close();
      rejectAll(err instanceof ExtractError ? err : new ExtractError(archive, (err as Error).message, { cause: err }));
    };
    zip.on('error', fail);
    zip.on('end', () => resolveAll({ entries, bytes }));
    zip.on('entry', (entry: yauzl.Entry) => {
      (async () => {
        entries++;
        bytes += entry.uncompressedSize;
        if (bytes > opts.maxBytes) throw new Error(`expands beyond the ${opts.maxBytes}-byte limit`);
        const path = safeEntryPath(stage, entry.fileName);
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        if (entry.fileName.endsWith('/')) {
          await mkdir(path, { recursive: true });
        } else if (mode === 0o120000) {
          const target = (await streamToBuffer(await openEntry(zip, entry))).toString('utf8');
          checkLink(stage, path, target, false);
          await mkdir(dirname(path), { recursive: true });
          await symlink(target, path);
        } else {
          await mkdir(dirname(path), { recursive: true });
          await pipeline(await openEntry(zip, entry), createWriteStream(path));
        }
        zip.readEntry();
      })().catch(fail);
    });
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((res, rej) => zip.openReadStream(entry, (e, s) => (e ? rej(e) : res(s!))));
}

async function streamToBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Posix-style relative name, for messages and manifests. */
export const posixRelative = (root: string, path: string) => relative(root, path).split(sep).join(posix.sep);
