import { join } from 'node:path';
import { filesMatching, locate, rel } from '../files.ts';
import { csv, writePatternImage, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const CLASSES = ['Normal', 'Benign', 'InSitu', 'Invasive'];

/**
 * BACH / ICIAR 2018 (Aresta et al., Medical Image Analysis 2019), microscopy part: 400 H&E
 * 2048×1536 TIFFs, 100 per class, in `ICIAR2018_BACH_Challenge/Photos/<class>/<b|is|iv|n><nnn>.tif`
 * with `microscopy_ground_truth.csv`. The labelled whole-slide part (`WSI/`) is not read by this
 * recipe. No patient ids: split by image.
 */
export default defineRecipe({
  id: 'bach',
  catalogIds: ['bach'],
  title: 'BACH (ICIAR 2018) microscopy images',
  layout:
    'ICIAR2018_BACH_Challenge/Photos/\n  Benign/b001.tif … InSitu/is001.tif … Invasive/iv001.tif … Normal/n001.tif …\n  microscopy_ground_truth.csv',
  references: [
    'https://iciar2018-challenge.grand-challenge.org/Dataset/',
    'https://doi.org/10.1016/j.media.2019.05.010',
    'https://zenodo.org/records/3632035',
  ],
  formats: ['tiff', 'csv'],
  info: { classes: CLASSES, task: 'classification', dimensionality: '2d', channels: 'RGB [H, W, 3]' },
  split: { rule: 'by image under the seed (no patient ids in the release)' },
  access: {
    kind: 'manual',
    where: 'https://iciar2018-challenge.grand-challenge.org/Dataset/ (register; also on Zenodo record 3632035)',
    files: ['ICIAR2018_BACH_Challenge.zip'],
  },
  checksums: {},
  required: () => [],
  async listSamples(root) {
    const base = locate(root, 'Benign', ['ICIAR2018_BACH_Challenge/Photos', 'Photos']);
    const out: SampleRef[] = [];
    for (const [label, cls] of CLASSES.entries())
      for (const path of await filesMatching(join(base, cls), /\.tiff?$/i))
        out.push({ id: rel(base, path).replace(/\.tiff?$/i, ''), image: { kind: 'file', path }, label, path });
    return out;
  },
  async writeFixture(dir) {
    const base = join(dir, 'ICIAR2018_BACH_Challenge', 'Photos');
    const prefix = { Normal: 'n', Benign: 'b', InSitu: 'is', Invasive: 'iv' } as Record<string, string>;
    const rows: string[][] = [];
    let n = 0;
    for (const cls of CLASSES) {
      const name = `${prefix[cls]}001.tif`;
      await writePatternImage(join(base, cls, name), [20, 15], 3, 'tiff', n++);
      rows.push([name, cls]);
    }
    await writeText(join(base, 'microscopy_ground_truth.csv'), csv(rows));
    return { samples: n };
  },
});
