import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { filesMatching, locate, readCsv, rel, stem } from '../files.ts';
import { csv, writePatternImage, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const WRAPPER = 'labeled-images';

/**
 * HyperKvasir labelled images (Borgli et al., Scientific Data 2020): 10,662 JPEGs in 23 classes,
 * `labeled-images/<lower|upper>-gi-tract/<category>/<finding>/<uuid>.jpg`, with
 * `image-labels.csv` (Video file, Organ, Finding, Classification). The leaf folder is the class.
 * The paper's 2-fold split is not part of the archive, so the split is by image under the seed.
 */
export default defineRecipe({
  id: 'hyperkvasir',
  catalogIds: ['hyperkvasir'],
  title: 'HyperKvasir (labelled images)',
  layout: `${WRAPPER}/\n  image-labels.csv\n  lower-gi-tract/{anatomical-landmarks,pathological-findings,quality-of-mucosal-views,therapeutic-interventions}/<finding>/<uuid>.jpg\n  upper-gi-tract/…/<finding>/<uuid>.jpg`,
  references: ['https://datasets.simula.no/hyper-kvasir/', 'https://doi.org/10.1038/s41597-020-00622-y'],
  formats: ['jpeg', 'csv'],
  info: { classes: [], task: 'classification', dimensionality: '2d', channels: 'RGB [H, W, 3]' },
  split: { rule: 'by image under the seed (the official 2-fold split lives in the GitHub repository)' },
  access: {
    kind: 'direct',
    page: 'https://datasets.simula.no/hyper-kvasir/',
    files: [
      {
        url: 'https://datasets.simula.no/downloads/hyper-kvasir/hyper-kvasir-labeled-images.zip',
        file: 'hyper-kvasir-labeled-images.zip',
        extract: true,
      },
    ],
  },
  checksums: {},
  required: () => [],
  async listSamples(root) {
    const base = locate(root, 'lower-gi-tract', [WRAPPER]);
    const files = await filesMatching(base, /\.jpe?g$/i);
    const classes = [...new Set(files.map((f) => basename(dirname(f))))].sort();
    (this.info as { classes: string[] }).classes = classes;
    const labels = existsSync(join(base, 'image-labels.csv')) ? await readCsv(join(base, 'image-labels.csv')) : [];
    const organ = new Map(labels.map((r) => [r['Video file'] ?? '', r.Organ ?? '']));
    return files.map((path): SampleRef => {
      const ref: SampleRef = {
        id: rel(base, path).replace(/\.jpe?g$/i, ''),
        image: { kind: 'file', path },
        label: classes.indexOf(basename(dirname(path))),
        path,
      };
      const o = organ.get(stem(path));
      if (o) ref.extra = { organ: o };
      return ref;
    });
  },
  async writeFixture(dir) {
    const base = join(dir, WRAPPER);
    const items: [string, string, string][] = [
      ['lower-gi-tract', 'pathological-findings', 'polyps'],
      ['lower-gi-tract', 'anatomical-landmarks', 'cecum'],
      ['upper-gi-tract', 'anatomical-landmarks', 'pylorus'],
      ['upper-gi-tract', 'pathological-findings', 'esophagitis-a'],
      ['lower-gi-tract', 'pathological-findings', 'polyps'],
    ];
    const rows: string[][] = [['Video file', 'Organ', 'Finding', 'Classification']];
    for (const [i, [tract, category, finding]] of items.entries()) {
      const id = `0${i}fixture-${finding}`;
      await writePatternImage(join(base, tract, category, finding, `${id}.jpg`), [16, 14], 3, 'jpeg', i);
      rows.push([id, tract.split('-')[0]!, finding, category]);
    }
    await writeText(join(base, 'image-labels.csv'), csv(rows));
    return { samples: items.length };
  },
});
