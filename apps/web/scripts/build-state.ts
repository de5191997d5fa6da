import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The web app's folder, wherever this module is imported from (npm start, the e2e tests). */
export const WEB_DIR = path.resolve(import.meta.dirname, '..');
const REPO_DIR = path.resolve(WEB_DIR, '..', '..');

/** What the production build is compiled from. @medsets/db is loaded at run time, so it is not an input. */
const INPUTS = [
  path.join(WEB_DIR, 'src'),
  path.join(WEB_DIR, 'next.config.ts'),
  path.join(WEB_DIR, 'postcss.config.mjs'),
  path.join(WEB_DIR, 'package.json'),
  path.join(REPO_DIR, 'packages', 'catalog', 'src'),
];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when a production build exists and no source it depends on changed since. */
export function buildIsFresh(): boolean {
  const buildId = path.join(WEB_DIR, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return INPUTS.every((input) => newestMtime(input) <= built);
}

/** Next's command-line entry, for `next build` and `next start` in child processes. */
export const NEXT_BIN = createRequire(path.join(WEB_DIR, 'package.json')).resolve('next/dist/bin/next');

/** `env` for a process that runs the app: the build and server import @medsets/db's TypeScript through tsx. */
export function withTsx(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const options = env.NODE_OPTIONS ?? '';
  return {
    ...env,
    NODE_OPTIONS: options.includes('--import=tsx') ? options : `${options} --import=tsx`.trim(),
    NEXT_TELEMETRY_DISABLED: '1',
  };
}

/**
 * Runs `next build`, its output shown (`inherit`) or kept for the error (`capture`); throws when the
 * build fails.
 */
export function nextBuild(output: 'inherit' | 'capture'): void {
  const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: WEB_DIR,
    env: withTsx(process.env),
    stdio: output === 'inherit' ? 'inherit' : 'pipe',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (build.status === 0) return;
  const log = output === 'capture' ? `:\n${`${build.stdout}${build.stderr}`.slice(-6000)}` : '';
  throw new Error(`next build failed (exit ${build.status ?? build.signal})${log}`);
}
