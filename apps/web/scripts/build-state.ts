import { existsSync, readdirSync, statSync } from 'node:fs';
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
