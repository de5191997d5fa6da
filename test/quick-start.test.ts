import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { listDatasets } from '@medsets/catalog';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuild } from './e2e/support/app.ts';

const exec = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// What the README promises from the repository root after `npm install`.
describe('quick start', () => {
  let server: ChildProcess | undefined;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medsets-quick-start-'));

  afterAll(() => {
    // npm → tsx → next: stop the whole process group, then drop the throwaway database.
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('`npm start` serves the explorer with the whole catalog on a fresh embedded database', async () => {
    await ensureBuild(); // shares the e2e tests' build lock, so the production build happens once
    const port = await freePort();
    server = spawn('npm', ['start', '--silent'], {
      cwd: root,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, PORT: String(port), MEDSETS_DATA: path.join(dataDir, 'pg') },
    });
    const url = `http://127.0.0.1:${port}/`;
    let body = '';
    for (const started = Date.now(); Date.now() - started < 180_000; ) {
      const response = await fetch(url).catch(() => undefined);
      if (response?.ok) {
        body = await response.text();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(body, 'the app never answered').not.toBe('');
    expect(body).toContain(`${listDatasets().length} datasets`);

    // The server answers /api/trpc ahead of Next: same answers, same security headers, same CSRF guard.
    const input = encodeURIComponent(JSON.stringify({ text: '肺结节' }));
    const search = await fetch(`${url}api/trpc/catalog.search?input=${input}`);
    expect(search.status).toBe(200);
    const ids = (await search.json()).result.data.hits.map((d: { id: string }) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['luna16', 'lidc-idri']));
    expect(search.headers.get('x-content-type-options')).toBe('nosniff');
    expect(search.headers.get('x-frame-options')).toBe('DENY');
    expect(search.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(search.headers.get('x-powered-by')).toBeNull();
    const gzipped = await fetch(`${url}api/trpc/catalog.search?input=${input}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    const crossSite = await fetch(`${url}api/trpc/teams.create`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(crossSite.status).toBe(403);
    const anonymousWrite = await fetch(`${url}api/trpc/teams.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(anonymousWrite.status).toBe(401);
    const unknown = await fetch(`${url}api/trpc/catalog.nothing`);
    expect(unknown.status).toBe(404);

    // Pages get their CSP from the server itself (not the proxy): a fresh nonce per response, the one
    // on Next's inline scripts, never one the client sent.
    const [a, b] = await Promise.all([
      fetch(url, { headers: { 'content-security-policy': "script-src 'nonce-chosen-by-client'" } }),
      fetch(url),
    ]);
    const nonce = a.headers.get('content-security-policy')?.match(/script-src 'self' 'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeDefined();
    expect(a.headers.get('content-security-policy')).not.toBe(b.headers.get('content-security-policy'));
    const scriptNonces = new Set([...(await a.text()).matchAll(/<script[^>]* nonce="([^"]+)"/g)].map((m) => m[1]));
    expect([...scriptNonces]).toEqual([nonce]);
    expect(b.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  }, 600_000);

  it('`npx medsets search 肺结节` finds the lung-nodule datasets', async () => {
    const { stdout } = await exec('npx', ['medsets', 'search', '肺结节', '--json'], { cwd: root });
    const ids = JSON.parse(stdout).hits.map((d: { id: string }) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['luna16', 'lidc-idri', 'tianchi-lung-nodule']));
  });

  it('`npx medsets info` exits 1 with suggestions for an unknown id', async () => {
    const failure = await exec('npx', ['medsets', 'info', 'LUNA17'], { cwd: root }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain('luna16');
  });
});
