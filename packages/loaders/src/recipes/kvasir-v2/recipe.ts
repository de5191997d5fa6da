import { join } from 'node:path';
import { locate } from '../files.ts';
import { writePatternImage } from '../fixture-kit.ts';
import { imageFolder } from '../image-folder/recipe.ts';
import { defineRecipe } from '../recipe.ts';

const WRAPPER = 'kvasir-dataset-v2';
export const CLASSES = [
  'dyed-lifted-polyps',
  'dyed-resection-margins',
  'esophagitis',
  'normal-cecum',
  'normal-pylorus',
  'normal-z-line',
  'polyps',
  'ulcerative-colitis',
];
const folders = imageFolder({ classes: CLASSES, pattern: /\.jpe?g$/i });

/**
 * Kvasir v2 (Pogorelov et al., MMSys 2017): 8000 endoscopy JPEGs, 1000 per class, one folder per
 * class. No patient ids: split by image.
 */
export default defineRecipe({
  id: 'kvasir-v2',
  catalogIds: ['kvasir-v2'],
  title: 'Kvasir v2',
  layout: `${WRAPPER}/<class>/<uuid>.jpg  (classes: ${CLASSES.join(', ')})`,
  references: ['https://datasets.simula.no/kvasir/', 'https://doi.org/10.1145/3083187.3083212'],
  formats: ['jpeg'],
  info: { classes: CLASSES, task: 'classification', dimensionality: '2d', channels: 'RGB [H, W, 3]' },
  split: { rule: 'no official split or patient ids: by image under the seed' },
  access: {
    kind: 'direct',
    page: 'https://datasets.simula.no/kvasir/',
    files: [
      {
        url: 'https://datasets.simula.no/downloads/kvasir/kvasir-dataset-v2.zip',
        file: 'kvasir-dataset-v2.zip',
        extract: true,
      },
    ],
  },
  checksums: {},
  required: () => CLASSES,
  listSamples: (root) => folders.listSamples(locate(root, 'polyps', [WRAPPER])),
  async writeFixture(dir) {
    for (const [c, cls] of CLASSES.entries())
      await writePatternImage(
        join(dir, WRAPPER, cls, `0a${c}b4f2-${c}e4d-4c1b-9bd5-${c}fixture.jpg`),
        [16, 12],
        3,
        'jpeg',
        c,
      );
    return { samples: CLASSES.length };
  },
});
