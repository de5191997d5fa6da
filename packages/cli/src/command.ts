import type { Dataset } from '@medsets/catalog';
import Table from 'cli-table3';
import type { ExitCode, Io } from './io.ts';
import { countsText, facetTables, type Lang, labels } from './labels.ts';

export interface Command {
  usage: string;
  summary: string;
  run(argv: string[], io: Io): ExitCode | Promise<ExitCode>;
}

const HEADERS = {
  en: ['id', 'name', 'modality', 'task', 'anatomy', 'size', 'access'],
  zh: ['ID', '名称', '模态', '任务', '部位', '数量', '获取'],
};

/** The one-line-per-dataset table that list and search print. */
export function datasetTable(datasets: readonly Dataset[], lang: Lang): string {
  const table = new Table({ head: HEADERS[lang], wordWrap: true, colWidths: [22, 24, 16, 18, 16, 22, 12] });
  for (const d of datasets) {
    table.push([
      d.id,
      d.name,
      labels(facetTables.modality, d.modalities, lang),
      labels(facetTables.task, d.tasks, lang),
      labels(facetTables.anatomy, d.anatomy, lang),
      countsText(d, lang),
      labels(facetTables.access, [d.access], lang),
    ]);
  }
  return table.toString();
}
