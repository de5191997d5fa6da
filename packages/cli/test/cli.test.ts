import { describe, expect, it } from 'vitest';
import { main } from '../src/index.ts';

/** Runs a command line in-process and captures what it prints. */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('medsets search', () => {
  it.each(['肺结节', 'lung nodule'])('finds the lung-nodule datasets for "%s"', async (text) => {
    const r = await run('search', text, '--json');
    expect(r.code).toBe(0);
    const ids = JSON.parse(r.out).hits.map((d: { id: string }) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['luna16', 'lidc-idri', 'tianchi-lung-nodule']));
  });

  it('finds BUSI by name and by topic, as a table', async () => {
    for (const text of ['BUSI', 'breast ultrasound']) {
      const r = await run('search', text);
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[3]).toContain('busi');
    }
  });

  it('filters by facets and labels in Chinese', async () => {
    const r = await run('search', '--modality', 'ultrasound', '--lang', 'zh');
    expect(r.code).toBe(0);
    expect(r.out).toContain('超声');
    expect(r.out).toMatch(/共 \d+ 个数据集/);
  });

  it('exits 1 when nothing matches and 2 on an unknown facet value', async () => {
    expect((await run('search', 'qqqqzzzzxxxx')).code).toBe(1);
    const bad = await run('search', 'lung', '--modality', 'telepathy');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('telepathy');
  });
});

describe('medsets info', () => {
  it('resolves aliases case-insensitively and prints the entry', async () => {
    const r = await run('info', 'lc2500');
    expect(r.code).toBe(0);
    expect(r.out).toContain('lc25000');
  });

  it('prints the full entry as JSON', async () => {
    const r = await run('info', 'SCARPOK', '--json');
    expect(JSON.parse(r.out).id).toBe('nct-crc-he-100k');
  });

  it('exits 1 with the closest ids for an unknown id', async () => {
    const r = await run('info', 'LUNA17');
    expect(r.code).toBe(1);
    expect(r.err).toContain('luna16');
  });

  it('exits 2 on bad usage', async () => {
    expect((await run('info')).code).toBe(2);
    expect((await run('info', 'busi', '--colour')).code).toBe(2);
    expect((await run('info', 'busi', '--lang', 'fr')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });
});

describe('medsets list', () => {
  it('lists every entry as JSON', async () => {
    const r = await run('list', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).length).toBeGreaterThanOrEqual(120);
  });
});
