import { type Dataset, resolveAlias } from '@medsets/catalog';
import { collectionSnippet } from '../catalog/load-snippet';

export const EXPORT_FORMATS = ['json', 'csv', 'bibtex', 'ts'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportableCollection {
  title: string;
  slug: string;
  description: string;
  items: { datasetId: string; note: string }[];
}

export interface ExportFile {
  filename: string;
  mime: string;
  content: string;
}

function csvCell(value: string): string {
  // Quote every cell, and neutralise leading =,+,-,@ so a spreadsheet never evaluates a note as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** A collection as a file in one of the export formats; datasets no longer in the catalog keep their id. */
export function exportCollection(c: ExportableCollection, format: ExportFormat, baseUrl: string): ExportFile {
  const rows = c.items.map((item) => ({ item, d: resolveAlias(item.datasetId) }));
  const known = rows.flatMap((r) => (r.d ? [r.d] : []));
  switch (format) {
    case 'json':
      return {
        filename: `${c.slug}.json`,
        mime: 'application/json',
        content: `${JSON.stringify(
          {
            title: c.title,
            description: c.description,
            datasets: rows.map(({ item, d }) => ({
              id: item.datasetId,
              name: d?.name ?? item.datasetId,
              note: item.note,
              url: `${baseUrl}/datasets/${item.datasetId}`,
              access: d?.access ?? null,
              license: d?.license ?? null,
              loadable: Boolean(d?.loader),
            })),
          },
          null,
          2,
        )}\n`,
      };
    case 'csv': {
      const header = ['id', 'name', 'modalities', 'tasks', 'anatomy', 'access', 'license', 'year', 'note'];
      const line = ({ item, d }: { item: ExportableCollection['items'][number]; d: Dataset | undefined }) =>
        [
          item.datasetId,
          d?.name ?? '',
          d?.modalities.join(' ') ?? '',
          d?.tasks.join(' ') ?? '',
          d?.anatomy.join(' ') ?? '',
          d?.access ?? '',
          d?.license ?? '',
          d?.year ? String(d.year) : '',
          item.note,
        ]
          .map(csvCell)
          .join(',');
      return {
        filename: `${c.slug}.csv`,
        mime: 'text/csv',
        content: `${[header.join(','), ...rows.map(line)].join('\r\n')}\r\n`,
      };
    }
    case 'bibtex':
      return {
        filename: `${c.slug}.bib`,
        mime: 'application/x-bibtex',
        content: `${rows
          .map(({ item, d }) => d?.citation ?? `% ${item.datasetId}: no citation recorded in the catalog`)
          .join('\n\n')}\n`,
      };
    case 'ts':
      return { filename: `${c.slug}.ts`, mime: 'text/typescript', content: collectionSnippet(known) };
  }
}
