import {
  ACCESS,
  ANATOMY,
  COUNT_UNIT,
  type Dataset,
  DIMENSIONALITY,
  FILE_FORMAT,
  type Label,
  MODALITY,
  TASK,
} from '@medsets/catalog';

export type Lang = 'en' | 'zh';

export function label(table: Record<string, Label>, value: string, lang: Lang): string {
  return table[value]?.[lang] ?? value;
}

export function labels(table: Record<string, Label>, values: readonly string[], lang: Lang): string {
  return values.map((v) => label(table, v, lang)).join(lang === 'zh' ? '、' : ', ');
}

/** The counts that are known, with their units: "780 images, 600 patients". */
export function countsText(d: Dataset, lang: Lang): string {
  const known = Object.entries(d.counts).filter(([, n]) => n !== null);
  if (!known.length) return lang === 'zh' ? '未知' : 'unknown';
  return known
    .map(([unit, n]) => `${n!.toLocaleString('en-US')} ${label(COUNT_UNIT.labels, unit, lang)}`)
    .join(lang === 'zh' ? '，' : ', ');
}

export const facetTables = {
  modality: MODALITY.labels,
  task: TASK.labels,
  anatomy: ANATOMY.labels,
  access: ACCESS.labels,
  dimensionality: DIMENSIONALITY.labels,
  fileFormat: FILE_FORMAT.labels,
} as const;
