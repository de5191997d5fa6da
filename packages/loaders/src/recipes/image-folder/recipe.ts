import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SplitName } from '../../splits.ts';
import { filesMatching, rel, subdirs } from '../files.ts';
import { writePatternImage } from '../fixture-kit.ts';
import { defineRecipe, type Recipe, type SampleRef } from '../recipe.ts';

const IMAGE = /\.(png|jpe?g|tiff?|bmp|gif|webp)$/i;

export interface ImageFolderOptions {
  id?: string;
  title?: string;
  /** Class names in label order; default: the sub-folder names, sorted. */
  classes?: string[];
  /** Pick files by name (default: common image extensions). */
  pattern?: RegExp;
  /** Patient id from a file path (for leakage-free splits); default: none (split by image). */
  patientOf?: (relativePath: string) => string | undefined;
}

/**
 * A folder with one sub-folder per class (torchvision's ImageFolder). When the root holds
 * `train/`, `val/` and/or `test/` folders, those are the official split.
 */
export function imageFolder(options: ImageFolderOptions = {}): Recipe {
  const pattern = options.pattern ?? IMAGE;
  return defineRecipe({
    id: options.id ?? 'image-folder',
    catalogIds: [],
    title: options.title ?? 'Image folder (one sub-folder per class)',
    layout: '<root>/[train|val|test/]<class>/<image>.(png|jpg|tif|bmp|gif)',
    references: ['https://pytorch.org/vision/stable/generated/torchvision.datasets.ImageFolder.html'],
    formats: ['png', 'jpeg', 'tiff', 'bmp', 'gif'],
    info: { classes: options.classes ?? [], task: 'classification', dimensionality: '2d', channels: 'as stored' },
    split: { rule: 'train/val/test folders when present, else by image (or patientOf) under the seed' },
    access: { kind: 'manual', where: 'your own folder', files: ['<class>/<image> files'] },
    checksums: {},
    required: () => [],
    async listSamples(root) {
      const splitDirs = (['train', 'val', 'test'] as const).filter((s) => existsSync(join(root, s)));
      const bases: [string, SplitName | undefined][] = splitDirs.length
        ? splitDirs.map((s) => [join(root, s), s])
        : [[root, undefined]];
      const classes =
        options.classes ?? [...new Set((await Promise.all(bases.map(([b]) => subdirs(b)))).flat())].sort();
      // `info.classes` follows the folders found when none were given.
      if (!options.classes) (this.info as { classes: string[] }).classes = classes;
      const out: SampleRef[] = [];
      for (const [base, split] of bases) {
        for (const [label, cls] of classes.entries()) {
          const dir = join(base, cls);
          if (!existsSync(dir)) continue;
          for (const path of await filesMatching(dir, pattern)) {
            const r = rel(root, path);
            const ref: SampleRef = { id: r.replace(/\.[^.]+$/, ''), image: { kind: 'file', path }, label, path };
            if (split) ref.split = split;
            const patient = options.patientOf?.(r);
            if (patient) ref.patientId = patient;
            out.push(ref);
          }
        }
      }
      return out;
    },
    async writeFixture(dir) {
      const classes = ['benign', 'malignant'];
      let n = 0;
      for (const [c, cls] of classes.entries())
        for (let i = 0; i < 3; i++, n++)
          await writePatternImage(join(dir, cls, `img${i}.png`), [12, 10], 3, 'png', 10 * c + i);
      return { samples: n };
    },
  });
}

export default imageFolder();
