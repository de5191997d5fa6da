/**
 * Search latency on the real catalog and on a synthetic catalog of 100,000 entries.
 * Run: npm run bench -w @medsets/catalog  (writes BENCHMARKS.md next to package.json)
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { Catalog, getCatalog } from '../src/catalog.ts';
import { SearchIndex, type SearchQuery } from '../src/search.ts';
import { syntheticDatasets } from './synthetic.ts';

const QUERIES: SearchQuery[] = [
  { text: 'lung nodule' },
  { text: '肺结节' },
  { text: 'breast ultrasound' },
  { text: 'brest ultrasond' },
  { text: 'BUSI' },
  { text: '乳腺超声 分割' },
  { text: 'brain tumour segmentation mri' },
  { text: 'kvasir' },
  { text: 'whole slide prostate gleason' },
  { text: '' },
  { filters: { modality: ['ct'], task: ['segmentation'] } },
  { text: 'segmentation', filters: { dimensionality: ['3d'] }, sort: 'size' },
  { filters: { access: ['open'], loadable: true }, sort: 'name' },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function measure(index: SearchIndex, rounds: number) {
  for (const q of QUERIES) index.search(q); // warm-up: JIT and lazy structures
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of QUERIES) {
      const t = performance.now();
      index.search(q);
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  return { n: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! };
}

const real = getCatalog();
let t = performance.now();
const realIndex = new SearchIndex(real);
const realBuild = performance.now() - t;
const realStats = measure(realIndex, 200);

const synthetic = new Catalog(syntheticDatasets(real.datasets, 100_000));
t = performance.now();
const bigIndex = new SearchIndex(synthetic);
const bigBuild = performance.now() - t;
const bigStats = measure(bigIndex, 8);

const ms = (n: number) => n.toFixed(2);
const rows = [
  `| real catalog (${real.datasets.length} entries) | ${ms(realBuild)} | ${realStats.n} | ${ms(realStats.p50)} | ${ms(realStats.p95)} | ${ms(realStats.max)} | p95 < 2 ms: ${realStats.p95 < 2 ? 'met' : 'missed'} |`,
  `| synthetic catalog (100,000 entries) | ${ms(bigBuild)} | ${bigStats.n} | ${ms(bigStats.p50)} | ${ms(bigStats.p95)} | ${ms(bigStats.max)} | p95 < 30 ms: ${bigStats.p95 < 30 ? 'met' : 'missed'}; build < 10 s: ${bigBuild < 10_000 ? 'met' : 'missed'} |`,
];
const report = `# Catalog search benchmarks

Measured by \`npm run bench -w @medsets/catalog\` (\`bench/search.bench.ts\`), which rewrites this file.

- Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}
- Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; load average ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ')} (1 / 5 / 15 min) when the run ended
- Method: build a \`SearchIndex\`, run ${QUERIES.length} queries once to warm up, then time each query
  (free text in English and Chinese, a typo, facet filters, sorts, empty text) for many rounds with
  \`performance.now()\`; times include facet counting over every facet and sorting. The synthetic catalog
  is 100,000 entries derived from the real ones with new names and extra words (\`bench/synthetic.ts\`).

| catalog | index build (ms) | queries | p50 (ms) | p95 (ms) | max (ms) | goal |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

## Where the time goes at 100,000 entries

Profiled with \`node --cpu-prof\`. Each synthetic entry carries a full English and Chinese description
(about 30 English words and 60 Chinese bigrams) and names unique to it, so the three field indexes
hold about 12 million postings. Of the build, a little over half is FlexSearch's own per-posting work
(its duplicate check and term map), a sixth is garbage collection of the growing heap, a seventh is
gathering the distinct words for the typo and prefix vocabulary (440,000 of them, mostly the unique
names), and under a tenth is tokenizing (one table look-up per character). MiniSearch, used before,
spent about 3 µs per posting in its radix tree (39 s on a quiet machine); now only distinct words go
into a radix tree. The build goal is still missed: meeting it would take fewer postings (Chinese
unigrams instead of bigrams would drop about a third, at a cost in precision) or building the index
once and loading it serialized. Queries return plain id lists. A broad word such as "segmentation"
reaches half of the entries; its cost is visiting each match once for the AND/OR bookkeeping, the
facet counts (typed arrays, read in entry order so memory is read front to back) and, for relevance
order, one native numeric sort of packed score-and-name keys. Queries without text count facets
over all 100,000 entries.
`;
writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), report);
console.log(report);
