import { ACCESS, ANATOMY, type Dataset, type Label, listDatasets, MODALITY, sizeOf, TASK } from '@medsets/catalog';

export interface Bar {
  /** The facet value to filter the explorer by ('' when the bar cannot be filtered, e.g. a size bucket). */
  value: string;
  label: Label;
  count: number;
}

export interface CatalogStats {
  total: number;
  modality: Bar[];
  task: Bar[];
  anatomy: Bar[];
  year: Bar[];
  access: Bar[];
  size: Bar[];
}

function countBy(
  datasets: readonly Dataset[],
  values: (d: Dataset) => readonly string[],
  labels: Record<string, Label>,
): Bar[] {
  const counts = new Map<string, number>();
  for (const d of datasets) for (const v of values(d)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count, label: labels[value] ?? { en: value, zh: value } }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** Size buckets by the largest stated count; powers of ten read naturally on a log-ish axis. */
const SIZE_BUCKETS: { max: number; label: Label }[] = [
  { max: 0, label: { en: 'Unknown', zh: '未知' } },
  { max: 999, label: { en: '< 1k', zh: '< 1千' } },
  { max: 9_999, label: { en: '1k–10k', zh: '1千–1万' } },
  { max: 99_999, label: { en: '10k–100k', zh: '1万–10万' } },
  { max: 999_999, label: { en: '100k–1M', zh: '10万–100万' } },
  { max: Number.POSITIVE_INFINITY, label: { en: '≥ 1M', zh: '≥ 100万' } },
];

export function catalogStats(datasets: readonly Dataset[] = listDatasets()): CatalogStats {
  const years = new Map<number, number>();
  for (const d of datasets) if (d.year) years.set(d.year, (years.get(d.year) ?? 0) + 1);
  const sizes = SIZE_BUCKETS.map((b) => ({ value: '', label: b.label, count: 0 }));
  for (const d of datasets) {
    const n = sizeOf(d);
    const i = SIZE_BUCKETS.findIndex((b) => n <= b.max);
    sizes[i]!.count++;
  }
  return {
    total: datasets.length,
    modality: countBy(datasets, (d) => d.modalities, MODALITY.labels),
    task: countBy(datasets, (d) => d.tasks, TASK.labels),
    anatomy: countBy(datasets, (d) => d.anatomy, ANATOMY.labels),
    year: [...years]
      .sort((a, b) => a[0] - b[0])
      .map(([y, count]) => ({ value: String(y), count, label: { en: String(y), zh: String(y) } })),
    access: countBy(datasets, (d) => [d.access], ACCESS.labels),
    size: sizes,
  };
}
