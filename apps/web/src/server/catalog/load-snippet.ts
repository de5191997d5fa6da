import type { Dataset } from '@medsets/catalog';

/**
 * The "Load it" code for a dataset with an SDK recipe, with the options that fit its shape:
 * slides are tiled, volumes are cut into patches, 2D images are resized. Null without a recipe.
 */
export function loadSnippet(d: Dataset): string | null {
  if (!d.loader) return null;
  const options: string[] = ["  split: 'train',"];
  if (d.dimensionality.includes('whole-slide')) options.push('  tile: { size: 256, level: 0, overlap: 0 },');
  else if (d.dimensionality.includes('3d') || d.dimensionality.includes('4d'))
    options.push('  patch: [96, 96, 96],', "  normalize: 'zscore',");
  else options.push('  size: [224, 224],', "  normalize: 'unit',");
  options.push('  batchSize: 32,', '  shuffle: true,');
  return [
    "import { loadDataset } from '@medsets/loaders';",
    '',
    `const ds = await loadDataset('${d.id}', {`,
    ...options,
    '});',
    'for await (const { xs, ys } of ds) {',
    '  // xs, ys: tf.Tensor batches',
    '}',
  ].join('\n');
}

/** A TypeScript snippet that loads every loadable dataset of a collection, for its export. */
export function collectionSnippet(datasets: readonly Dataset[]): string {
  const loadable = datasets.filter((d) => d.loader);
  if (!loadable.length) return '// None of these datasets has an SDK recipe yet.\n';
  return [
    "import { loadDataset } from '@medsets/loaders';",
    '',
    'export const datasets = {',
    ...loadable.map(
      (d) => `  ${JSON.stringify(d.id)}: await loadDataset(${JSON.stringify(d.id)}, { split: 'train' }),`,
    ),
    '};',
    '',
  ].join('\n');
}
