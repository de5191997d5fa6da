import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Lang } from '~/i18n/messages';
import type { DatasetSummary } from '~/server/catalog/summary';
import { accessTone, Badge } from './badge';
import { compactNumber } from './format';

/** The summary fields a card shows (a type-only import: nothing of the server code reaches the bundle). */
export type CardDataset = Omit<DatasetSummary, 'license' | 'verified'>;

/**
 * One dataset as a result card. Labels come in as a function so the same card renders on the
 * server (catalog vocabularies) and in the explorer (labels carried by the facet counts).
 */
export function DatasetCard({
  d,
  lang,
  label,
  aside,
  itemsWord,
}: {
  d: CardDataset;
  lang: Lang;
  /** The word after the size ("items"), in the page's language. */
  itemsWord: string;
  label: (facet: string, value: string) => string;
  aside?: ReactNode;
}) {
  return (
    <article
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="dataset-card"
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="text-base font-semibold">
            <Link href={`/datasets/${d.id}`} className="text-brand-700 hover:underline">
              {d.name}
            </Link>
          </h3>
          {d.fullName && <p className="truncate text-xs text-slate-500">{d.fullName}</p>}
        </div>
        {aside}
      </div>
      <p className="line-clamp-3 text-sm text-slate-700">{d.description[lang]}</p>
      <ul className="flex flex-wrap gap-1.5" aria-label="tags">
        {d.modalities.map((m) => (
          <li key={`m-${m}`}>
            <Badge tone="brand">{label('modality', m)}</Badge>
          </li>
        ))}
        {d.tasks.map((x) => (
          <li key={`t-${x}`}>
            <Badge>{label('task', x)}</Badge>
          </li>
        ))}
        {d.anatomy.slice(0, 3).map((a) => (
          <li key={`a-${a}`}>
            <Badge>{label('anatomy', a)}</Badge>
          </li>
        ))}
        {d.dimensionality.map((x) => (
          <li key={`d-${x}`}>
            <Badge>{label('dimensionality', x)}</Badge>
          </li>
        ))}
        <li>
          <Badge tone={accessTone(d.access)}>{label('access', d.access)}</Badge>
        </li>
        {d.loadable && (
          <li>
            <Badge tone="green">{label('loadable', 'true')}</Badge>
          </li>
        )}
      </ul>
      <p className="mt-auto flex gap-3 text-xs text-slate-500">
        {d.year && <span>{d.year}</span>}
        {d.size > 0 && (
          <span>
            {compactNumber(d.size, lang)} {itemsWord}
          </span>
        )}
      </p>
    </article>
  );
}
