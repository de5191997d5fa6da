import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildIsFresh, NEXT_BIN, nextBuild, WEB_DIR, withTsx } from '../../../apps/web/scripts/build-state.ts';

/**
 * The production web app for a browser test: reuses `.next` when it is up to date (else runs
 * `next build` once), starts `next start` on a free port against a private database, and stops it.
 */
export interface RunningApp {
  url: string;
  /** Server output so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** Builds at most once even when several test files ask at the same time (a lock folder serialises them). */
export async function ensureBuild(): Promise<void> {
  const lock = path.join(WEB_DIR, '.next-build.lock');
  for (const started = Date.now(); ; ) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 10 minutes belongs to a run that died.
      if (Date.now() - started > 600_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (!buildIsFresh()) nextBuild('capture');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the app; DATABASE_URL in `env` switches it from a fresh embedded database to that server. */
export async function startApp(env: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  await ensureBuild();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medsets-e2e-'));
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv = withTsx({
    ...process.env,
    MEDSETS_DATA: path.join(dataDir, 'pg'),
    BETTER_AUTH_URL: url,
    BETTER_AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
    ...env,
  });
  delete childEnv.NODE_ENV;
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;

  // Migrations first, as `npm start` does, so no request waits for the schema engine.
  const prepare = spawnSync(process.execPath, ['--import=tsx', path.join(WEB_DIR, 'scripts', 'prepare-db.ts')], {
    cwd: WEB_DIR,
    env: childEnv,
    encoding: 'utf8',
  });
  if (prepare.status !== 0) throw new Error(`preparing the database failed:\n${prepare.stdout}${prepare.stderr}`);

  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [NEXT_BIN, 'start', '--port', String(port), '--hostname', '127.0.0.1'],
    {
      cwd: WEB_DIR,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, log: () => output, stop };
}
