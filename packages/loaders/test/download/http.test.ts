import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChecksumError, DownloadError } from '../../src/download/errors.ts';
import { downloadFile } from '../../src/download/http.ts';
import type { Progress } from '../../src/download/progress.ts';
import { FaultServer } from './server.ts';

const body = randomBytes(256 * 1024);
const sha = createHash('sha256').update(body).digest('hex');
const fast = { backoffMs: 5, retries: 3 };

let server: FaultServer;
let dir: string;

beforeAll(async () => {
  server = new FaultServer({
    '/ok.bin': { body },
    '/cut.bin': { body, cutAfter: 100_000, cuts: 2 },
    '/norange.bin': { body, cutAfter: 50_000, cuts: 1, noRanges: true },
    '/flaky.bin': { body, failures: 2 },
    '/missing.bin': { status: 404 },
    '/broken.bin': { status: 500 },
  });
  await server.start();
  dir = await mkdtemp(join(tmpdir(), 'medsets-http-'));
});
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('downloadFile', () => {
  it('downloads, verifies the SHA-256 and reports progress', async () => {
    const seen: Progress[] = [];
    const r = await downloadFile(server.url('/ok.bin'), join(dir, 'ok.bin'), {
      sha256: sha,
      onProgress: (p) => seen.push(p),
    });
    expect(r.sha256).toBe(sha);
    expect(await readFile(join(dir, 'ok.bin'))).toEqual(body);
    expect(seen.at(-1)).toMatchObject({ received: body.length, total: body.length });
    expect(existsSync(join(dir, 'ok.bin.part'))).toBe(false);
  });

  it('resumes with a Range request after the connection is cut mid-file', async () => {
    const before = server.requests.length;
    const r = await downloadFile(server.url('/cut.bin'), join(dir, 'cut.bin'), { ...fast, sha256: sha });
    expect(r.bytes).toBe(body.length);
    expect(await readFile(join(dir, 'cut.bin'))).toEqual(body);
    const mine = server.requests.slice(before).filter((q) => q.path === '/cut.bin');
    expect(mine.length).toBe(3);
    expect(mine[0]!.range).toBeUndefined();
    expect(mine[1]!.range).toMatch(/^bytes=[1-9]\d*-$/);
  });

  it('restarts from zero when the server ignores Range', async () => {
    const r = await downloadFile(server.url('/norange.bin'), join(dir, 'norange.bin'), { ...fast, sha256: sha });
    expect(r.sha256).toBe(sha);
  });

  it('retries 500s with back-off and then succeeds', async () => {
    const r = await downloadFile(server.url('/flaky.bin'), join(dir, 'flaky.bin'), fast);
    expect(r.sha256).toBe(sha);
  });

  it('rejects a wrong checksum and leaves nothing behind', async () => {
    const wrong = 'a'.repeat(64);
    const dest = join(dir, 'bad', 'ok.bin');
    const err = await downloadFile(server.url('/ok.bin'), dest, { ...fast, sha256: wrong }).catch((e) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect(err.message).toContain(wrong);
    expect(await readdir(join(dir, 'bad'))).toEqual([]);
  });

  it('fails clearly on 404 without retrying', async () => {
    const before = server.requests.length;
    const err = await downloadFile(server.url('/missing.bin'), join(dir, 'missing.bin'), fast).catch((e) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.status).toBe(404);
    expect(err.message).toMatch(/missing\.bin: HTTP 404/);
    expect(server.requests.length - before).toBe(1);
    expect(existsSync(join(dir, 'missing.bin.part'))).toBe(false);
  });

  it('fails clearly on a persistent 500 after its retries', async () => {
    const err = await downloadFile(server.url('/broken.bin'), join(dir, 'broken.bin'), fast).catch((e) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/HTTP 500.*gave up after 4 attempts/);
    expect(existsSync(join(dir, 'broken.bin'))).toBe(false);
  });

  it('validates options up front', async () => {
    await expect(downloadFile(server.url('/ok.bin'), join(dir, 'x'), { sha256: 'nope' })).rejects.toThrow(/sha256/);
  });
});
