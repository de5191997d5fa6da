import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { listDatasets } from '@medsets/catalog';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;

// What the README promises from the repository root after `npm install`.
describe('quick start', () => {
  it('`npm start` reports the whole catalog', async () => {
    const { stdout } = await exec('npm', ['start', '--silent'], { cwd: root });
    expect(stdout).toContain(`${listDatasets().length} medical-imaging datasets`);
  });

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
