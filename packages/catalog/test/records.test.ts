import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ACCESS,
  ANATOMY,
  COUNT_UNIT,
  DIMENSIONALITY,
  FILE_FORMAT,
  LINK_KIND,
  listDatasets,
  MODALITY,
  normalizeName,
  resolveAlias,
  TASK,
} from '../src/index.ts';
import seedLinks from './data/seed-links.json' with { type: 'json' };
import seedNames from './data/seed-names.json' with { type: 'json' };

const datasets = listDatasets();

describe('catalog records', () => {
  it('holds every seed dataset after merging duplicates', () => {
    expect(datasets.length).toBeGreaterThanOrEqual(120);
  });

  it.each(seedNames.map((s) => [s.name, s.where, s.file] as const))(
    'seed name %s (%s) resolves to an entry whose provenance cites that place',
    (name, where, file) => {
      const entry = resolveAlias(name);
      expect(entry, `"${name}" resolves to nothing`).toBeDefined();
      const cited = entry!.provenance.seeds.some((s) => s.file === file && s.where === where);
      expect(cited, `${entry!.id} does not cite ${file} ${where}`).toBe(true);
    },
  );

  it('resolves the known misspellings case-insensitively', () => {
    const expectations: Record<string, string> = {
      lc2500: 'lc25000',
      SCARPOK: 'nct-crc-he-100k',
      crc100k: 'nct-crc-he-100k',
      'CRC-100K': 'nct-crc-he-100k',
      OCELOOT: 'ocelot',
      oceot: 'ocelot',
      'ocelot 2023': 'ocelot',
      SICAHR2: 'sicapv2',
      wsssluad: 'wsss4luad',
      HistoGen: 'histgen',
      AGGGC2022: 'aggc-2022',
      midog22: 'midog-2022',
      'gleason.cnn': 'gleason-cnn',
      RCDpia: 'rcdpia',
      nasnetlarge: 'nasnetlarge',
      busi: 'busi',
      LUNA2016: 'luna16',
    };
    for (const [alias, id] of Object.entries(expectations)) expect(resolveAlias(alias)?.id, alias).toBe(id);
  });

  it('cites every seed place only once per entry and names it as the seed spells it', () => {
    const byPlace = new Map(seedNames.map((s) => [`${s.file}|${s.where}`, s.name]));
    for (const d of datasets) {
      for (const ref of d.provenance.seeds) {
        const key = `${ref.file}|${ref.where}`;
        if (byPlace.has(key))
          expect(normalizeName(ref.name), `${d.id} cites ${key}`).toBe(normalizeName(byPlace.get(key)!));
      }
    }
  });

  it('keeps seed links exactly as the seeds recorded them', () => {
    const recorded = new Set(seedLinks.map((l) => l.url));
    for (const d of datasets) {
      for (const link of d.links.filter((l) => l.fromSeed)) {
        expect(recorded.has(link.url), `${d.id}: ${link.url} is marked fromSeed but no seed has it`).toBe(true);
      }
    }
  });

  it('never stores a zero count and every verified=false entry still has a description in both languages', () => {
    for (const d of datasets) {
      for (const [unit, n] of Object.entries(d.counts)) expect(n === null || n > 0, `${d.id}.${unit}`).toBe(true);
      expect(d.description.en.length).toBeGreaterThan(30);
      expect(/\p{Script=Han}/u.test(d.description.zh), `${d.id} zh description has no Chinese`).toBe(true);
    }
  });

  it('records a source for every correction and every correction changes a value', () => {
    for (const d of datasets) {
      for (const c of d.provenance.corrections)
        expect(c.seed.trim(), `${d.id}.${c.field}`).not.toBe(c.corrected.trim());
    }
  });

  it('labels every vocabulary value in English and Chinese', () => {
    for (const vocabulary of [MODALITY, TASK, ANATOMY, DIMENSIONALITY, FILE_FORMAT, ACCESS, COUNT_UNIT, LINK_KIND]) {
      for (const value of vocabulary.values) {
        const label = (vocabulary.labels as Record<string, { en: string; zh: string }>)[value]!;
        expect(label.en.length, value).toBeGreaterThan(0);
        expect(label.zh.length, value).toBeGreaterThan(0);
      }
    }
  });
});

// The seeds are not part of the repository (their prose must not be copied into it); where they
// are beside the checkout, check that no description reuses their sentences.
const seedDir = new URL('../../../../shared/seeds/', import.meta.url);
describe.skipIf(!existsSync(seedDir))('descriptions are written for the catalog', () => {
  const seedText = ['000_f5e5dbaeaffe361b.txt', '001_325eea2dbb8a75cc.decoded.md']
    .map((f) => readFileSync(new URL(f, seedDir), 'utf8'))
    .join('\n');
  // Windows long enough that a shared dataset name or term is not flagged, short enough for a clause.
  it.each([
    ['en', 40],
    ['zh', 12],
  ] as const)('%s descriptions share no run of %i characters with the seeds', (lang, size) => {
    for (const d of datasets) {
      {
        const chars = [...d.description[lang]];
        for (let i = 0; i + size <= chars.length; i += 2) {
          const window = chars.slice(i, i + size).join('');
          // In Chinese text a window of mostly Latin letters is a shared name, not a copied clause.
          if (lang === 'zh' && (window.match(/\p{Script=Han}/gu)?.length ?? 0) < size / 2) continue;
          expect(seedText.includes(window), `${d.id} copies "${window}"`).toBe(false);
        }
      }
    }
  });
});
