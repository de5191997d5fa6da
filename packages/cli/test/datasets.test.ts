import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import busi from '../../loaders/src/recipes/busi/recipe.ts';
import { writeCamelyonSlide } from '../../loaders/src/recipes/camelyon16/slides.ts';
import { sphere, writeNifti } from '../../loaders/src/recipes/fixture-kit.ts';
import medmnist from '../../loaders/src/recipes/medmnist-v2/recipe.ts';
import { main } from '../src/index.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let dir: string;
let root: string;
let oldHome: string | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medsets-cli-'));
  root = join(dir, 'busi');
  await busi.writeFixture(root);
  oldHome = process.env.MEDSETS_HOME;
  process.env.MEDSETS_HOME = join(dir, 'home');
});
afterAll(async () => {
  process.env.MEDSETS_HOME = oldHome;
  await rm(dir, { recursive: true, force: true });
});

describe('medsets preview', () => {
  it('writes a contact sheet with masks overlaid in colour', async () => {
    const output = join(dir, 'sheet.png');
    const r = await run('preview', 'BUSI', '--root', root, '--n', '9', '--size', '32', '-o', output, '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.samples).toBe(9);
    expect(result.captions.every((c: string) => ['normal', 'benign', 'malignant'].includes(c))).toBe(true);
    const { data, info } = await sharp(output).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([3 * 32, 3 * (32 + 16)]);
    // The red overlay: pixels where red clearly dominates (the fixture images are not red-tinted).
    let red = 0;
    for (let p = 0; p < info.width * info.height; p++)
      if (data[p * info.channels]! > data[p * info.channels + 1]! + 60) red++;
    expect(red).toBeGreaterThan(20);
  });

  it('previews a 2D config of MedMNIST from its npz', async () => {
    const mroot = join(dir, 'medmnist');
    await medmnist.writeFixture(mroot, 'pathmnist');
    const r = await run(
      'preview',
      'medmnist-v2/pathmnist',
      '--root',
      mroot,
      '--n',
      '4',
      '--split',
      'train',
      '-o',
      join(dir, 'm.png'),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('3 samples');
  });
});

describe('medsets preview of volumes and slides', () => {
  it('shows the middle slice of volumes and tiles of slides', async () => {
    const { default: kits } = await import('../../loaders/src/recipes/kits19/recipe.ts');
    const { default: c16 } = await import('../../loaders/src/recipes/camelyon16/recipe.ts');
    await kits.writeFixture(join(dir, 'kits'));
    await c16.writeFixture(join(dir, 'c16'));
    const v = await run(
      'preview',
      'kits19',
      '--root',
      join(dir, 'kits'),
      '--n',
      '4',
      '--size',
      '24',
      '-o',
      join(dir, 'v.png'),
      '--json',
    );
    expect(v.code).toBe(0);
    expect(JSON.parse(v.out).samples).toBe(4);
    const s = await run(
      'preview',
      'camelyon16',
      '--root',
      join(dir, 'c16'),
      '--n',
      '3',
      '--size',
      '32',
      '-o',
      join(dir, 's.png'),
      '--json',
    );
    expect(s.code).toBe(0);
    expect(JSON.parse(s.out).captions.every((c: string) => c === 'normal' || c === 'tumor')).toBe(true);
  });
});

describe('medsets verify and stats', () => {
  it('verifies a complete copy and compares its count with the catalog', async () => {
    const r = await run('verify', 'busi', '--root', root);
    expect(r.code).toBe(0);
    expect(r.out).toContain('samples: 9 (catalog: 780 images)');
    expect(r.out).toMatch(/OK$/);
  });

  it('fails on a copy missing a class folder', async () => {
    const broken = join(dir, 'broken');
    await busi.writeFixture(broken);
    await rm(join(broken, 'Dataset_BUSI_with_GT', 'malignant'), { recursive: true });
    const r = await run('verify', 'busi', '--root', broken, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).missing).toEqual(['malignant']);
  });

  it('counts samples per split and class', async () => {
    const r = await run('stats', 'busi', '--root', root, '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.counts.train + s.counts.val + s.counts.test).toBe(9);
    expect(s.classes.map((c: { name: string }) => c.name)).toEqual(['normal', 'benign', 'malignant']);
    expect(s.sizes).toEqual({ '20x16': 9 });
    const text = await run('stats', 'busi', '--root', root);
    expect(text.out).toMatch(/benign\s+\d+\s+\d+\s+\d+/);
  });
});

describe('medsets download', () => {
  it('explains where to get a registration-only dataset, without a stack trace', async () => {
    const r = await run('download', 'busi');
    expect(r.code).toBe(1);
    expect(r.err).toContain('scholar.cu.edu.eg');
    expect(r.err).toContain(join(dir, 'home', 'datasets', 'busi'));
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('reports a dataset already in the cache as ready', async () => {
    const cached = join(dir, 'home', 'datasets', 'medmnist-v2', 'pathmnist');
    await mkdir(cached, { recursive: true });
    await writeFile(join(cached, '.medsets-complete'), '');
    const r = await run('download', 'medmnist-v2/pathmnist');
    expect(r.code).toBe(0);
    expect(r.out).toContain(cached);
  });

  it('suggests ids for an unknown dataset and rejects an unknown config', async () => {
    const r = await run('download', 'kvasirseg2');
    expect(r.code).toBe(1);
    expect(r.err).toContain('kvasir-seg');
    const c = await run('download', 'medmnist-v2/nomnist');
    expect(c.code).toBe(2);
    expect(c.err).toContain('pathmnist');
  });
});

describe('medsets tile', () => {
  it('cuts a slide into PNG tiles with an index', async () => {
    const slide = join(dir, 'slide.tif');
    await writeCamelyonSlide(slide);
    const out = join(dir, 'tiles');
    const r = await run('tile', slide, '-o', out, '--size', '32', '--min-tissue', '0', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).tiles).toBe(6);
    const index = (await readFile(join(out, 'index.csv'), 'utf8')).trim().split('\n');
    expect(index[0]).toBe('file,level,x,y,x0,y0,size,tissue');
    expect(index).toHaveLength(7);
    const first = index[1]!.split(',')[0]!;
    expect((await sharp(join(out, first)).metadata()).width).toBe(32);
  });

  it('cuts a volume into NIfTI patches with an index', async () => {
    const vol = join(dir, 'vol.nii.gz');
    await writeNifti(vol, [8, 8, 6], 'int16', sphere([8, 8, 6], 1));
    const out = join(dir, 'patches');
    const r = await run('tile', vol, '-o', out, '--size', '4');
    expect(r.code).toBe(0);
    const files = (await readdir(out)).filter((f) => f.endsWith('.nii.gz'));
    // D=6, H=8, W=8 with 4-voxel patches: 2 × 2 × 2 starts (the last shifted back inside).
    expect(files).toHaveLength(8);
    expect(existsSync(join(out, 'index.csv'))).toBe(true);
  });

  it('exits 2 without an output folder', async () => {
    expect((await run('tile', 'x.tif')).code).toBe(2);
  });
});
