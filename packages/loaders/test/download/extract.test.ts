import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractError } from '../../src/download/errors.ts';
import { archiveKind, extractArchive } from '../../src/download/extract.ts';
import { tarBytes } from './tar-writer.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medsets-extract-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function archive(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

const good = [
  { name: 'data/', type: '5' as const },
  { name: 'data/a.txt', body: Buffer.from('alpha') },
  { name: 'data/sub/b.txt', body: Buffer.from('beta') },
  { name: 'data/link.txt', type: '2' as const, linkname: 'a.txt' },
];

describe('extractArchive', () => {
  it.each([
    ['tar', false],
    ['tar.gz', true],
  ] as const)('extracts a %s with an inside link', async (kind, gz) => {
    const path = await archive(`good.${kind}`, tarBytes(good, gz));
    expect(await archiveKind(path)).toBe(kind);
    const out = join(dir, `out-${kind}`);
    const r = await extractArchive(path, out);
    expect(r.entries).toBe(4);
    expect(await readFile(join(out, 'data/sub/b.txt'), 'utf8')).toBe('beta');
    expect(await readlink(join(out, 'data/link.txt'))).toBe('a.txt');
    expect((await readdir(out)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('extracts a zip', async () => {
    const path = await archive('good.zip', zipSync({ 'd/x.txt': Buffer.from('x'), 'd/e/': new Uint8Array() }));
    const out = join(dir, 'out-zip');
    await extractArchive(path, out);
    expect(await readFile(join(out, 'd/x.txt'), 'utf8')).toBe('x');
  });

  const bad: [string, () => Uint8Array, RegExp][] = [
    [
      'tar with a ../ entry',
      () =>
        tarBytes([
          { name: 'ok.txt', body: Buffer.from('ok') },
          { name: '../evil.txt', body: Buffer.from('x') },
        ]),
      /climbs out/,
    ],
    [
      'tar.gz with an absolute path',
      () => tarBytes([{ name: '/tmp/evil.txt', body: Buffer.from('x') }], true),
      /absolute path/,
    ],
    [
      'tar with a link escaping the folder',
      () => tarBytes([{ name: 'l', type: '2', linkname: '../../etc/passwd' }]),
      /points outside/,
    ],
    [
      'tar with a hard link to an absolute path',
      () => tarBytes([{ name: 'h', type: '1', linkname: '/etc/passwd' }]),
      /absolute path/,
    ],
    ['tar with a device file', () => tarBytes([{ name: 'dev', type: '3' }]), /CharacterDevice/],
    [
      'zip with a ../ entry',
      () => zipSync({ 'ok.txt': Buffer.from('ok'), '../../evil.txt': Buffer.from('x') }),
      /climbs out|invalid relative path/,
    ],
    [
      'tar.gz expanding past the limit',
      () => tarBytes([{ name: 'zeros.bin', body: Buffer.alloc(2_000_000) }], true),
      /limit/,
    ],
    ['zip expanding past the limit', () => zipSync({ 'zeros.bin': new Uint8Array(2_000_000) }), /limit/],
    ['file that is no archive', () => Buffer.from('hello, not an archive'), /unrecognised/],
  ];

  it.each(bad)('rejects a %s and writes nothing', async (name, make, message) => {
    const path = await archive(`${name.replace(/\W+/g, '-')}.bin`, make());
    const out = join(dir, `bad-${name.replace(/\W+/g, '-')}`);
    const err = await extractArchive(path, out, { maxBytes: 1_000_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(path);
    expect(existsSync(out) ? await readdir(out) : []).toEqual([]);
    expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
  });
});
