import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMPLETE_MARKER, cachedDatasetDir, ensureDataset } from '../../src/download/cache.ts';
import { ChecksumError, DatasetAccessError, DownloadError, ExtractError } from '../../src/download/errors.ts';
import { loadDataset, type Sample } from '../../src/load-dataset.ts';
import { walk } from '../../src/recipes/files.ts';
import { imageMaskPairs } from '../../src/recipes/image-mask-pairs/recipe.ts';
import type { Recipe } from '../../src/recipes/recipe.ts';
import { FaultServer } from './server.ts';
import { tarBytes } from './tar-writer.ts';

let server: FaultServer;
let dir: string;
let zip: Buffer;
let sha: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medsets-cache-'));
  // A real fixture, zipped as its distribution would be.
  const src = join(dir, 'src');
  await imageMaskPairs().writeFixture(join(src, 'pairs'));
  const files: Record<string, Uint8Array> = {};
  for (const f of await walk(src)) files[relative(src, f)] = await readFile(f);
  zip = Buffer.from(zipSync(files));
  sha = createHash('sha256').update(zip).digest('hex');
  server = new FaultServer(
    {
      '/pairs.zip': { body: zip },
      '/cut/pairs.zip': { body: zip, cutAfter: Math.floor(zip.length / 3), cuts: 1 },
      '/evil.tar.gz': { body: tarBytes([{ name: 'pairs/../../../evil.txt', body: Buffer.from('x') }], true) },
      '/gone.zip': { status: 404 },
      '/down.zip': { status: 500 },
    },
    200,
  );
  await server.start();
});
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const home = () => join(dir, 'home');
let old: string | undefined;
beforeEach(() => {
  old = process.env.MEDSETS_HOME;
  process.env.MEDSETS_HOME = home();
});
afterEach(async () => {
  process.env.MEDSETS_HOME = old;
  await rm(home(), { recursive: true, force: true });
});

function recipe(path: string, checksum?: string): Recipe {
  const base = imageMaskPairs({ id: 'served-pairs', images: 'pairs/images', masks: 'pairs/masks' });
  return {
    ...base,
    access: {
      kind: 'direct',
      page: server.url('/'),
      files: [{ url: server.url(path), file: 'pairs.zip', extract: true }],
    },
    checksums: checksum ? { 'pairs.zip': checksum } : {},
  };
}

async function cacheContents(): Promise<string[]> {
  return existsSync(home()) ? (await walk(home())).map((f) => relative(home(), f)) : [];
}

describe('ensureDataset', () => {
  it('downloads, verifies, extracts into the cache, and loadDataset streams it', async () => {
    const r = recipe('/pairs.zip', sha);
    const root = await ensureDataset(r, { download: 'if-missing' });
    expect(root).toBe(cachedDatasetDir('served-pairs'));
    expect(existsSync(join(root, COMPLETE_MARKER))).toBe(true);
    expect(await readdir(join(root, 'pairs', 'images'))).toHaveLength(4);
    // The archive is gone once unpacked; no staging folder is left.
    expect((await cacheContents()).filter((f) => f.includes('partial') || f.endsWith('.zip'))).toEqual([]);
    const ds = await loadDataset(r, { split: 'all' });
    let n = 0;
    for await (const s of ds as AsyncIterable<Sample>) {
      n++;
      s.image.dispose();
      s.mask?.dispose();
    }
    expect(n).toBe(4);
  });

  it('resumes a download cut mid-file', async () => {
    const root = await ensureDataset(recipe('/cut/pairs.zip', sha), { download: 'if-missing' });
    expect(await readdir(join(root, 'pairs', 'masks'))).toHaveLength(4);
    const ranges = server.requests.filter((q) => q.path === '/cut/pairs.zip').map((q) => q.range);
    expect(ranges[1]).toMatch(/^bytes=\d+-$/);
  });

  it('rejects a wrong checksum and leaves nothing in the cache', async () => {
    const err = await ensureDataset(recipe('/pairs.zip', 'b'.repeat(64)), { download: 'if-missing' }).catch((e) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect(await cacheContents()).toEqual([]);
    expect(existsSync(cachedDatasetDir('served-pairs'))).toBe(false);
  });

  it('rejects an archive with a path-traversal entry and leaves nothing', async () => {
    const r = recipe('/evil.tar.gz');
    const err = await ensureDataset(r, { download: 'if-missing' }).catch((e) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(err.message).toMatch(/climbs out/);
    expect(existsSync(cachedDatasetDir('served-pairs'))).toBe(false);
    expect(existsSync(join(home(), 'evil.txt'))).toBe(false);
    expect((await cacheContents()).filter((f) => !f.startsWith('downloads/'))).toEqual([]);
  });

  it.each([
    ['/gone.zip', 404],
    ['/down.zip', 500],
  ])('reports %s clearly', async (path, status) => {
    const r = recipe(path);
    const err = await ensureDataset(r, { download: 'if-missing', backoffMs: 5, retries: 2 }).catch((e) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.status).toBe(status);
    expect(err.message).toContain(path);
    expect(existsSync(cachedDatasetDir('served-pairs'))).toBe(false);
  });

  it('without download, tells where to get the data and where to put it', async () => {
    const err = await ensureDataset(recipe('/pairs.zip')).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetAccessError);
    expect(err.message).toContain(server.url('/pairs.zip'));
    expect(err.message).toContain(cachedDatasetDir('served-pairs'));
    expect(err.message).toContain("download: 'if-missing'");
  });
});
