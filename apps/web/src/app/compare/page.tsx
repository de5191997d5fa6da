import { COUNT_UNIT, type Dataset, getCatalog, listDatasets, sizeOf } from '@medsets/catalog';
import type { Metadata } from 'next';
import { labelOf } from '~/i18n/labels';
import { getMessages } from '~/i18n/server';
import { ComparePicker, type CompareRow, CompareTable } from './compare-table';

export const metadata: Metadata = { title: 'Compare' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ComparePage({ searchParams }: { searchParams: SearchParams }) {
  const { lang, t } = await getMessages();
  const raw = (await searchParams).ids;
  const asked = (Array.isArray(raw) ? raw.join(',') : (raw ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 10);
  const catalog = getCatalog();
  const datasets: Dataset[] = [];
  const unknown: string[] = [];
  for (const id of asked) {
    const d = catalog.resolve(id);
    if (!d) unknown.push(id);
    else if (!datasets.includes(d)) datasets.push(d);
  }
  const shown = datasets.slice(0, 5);
  const L = (facet: string, values: readonly string[]) => values.map((v) => labelOf(facet, v, lang)).join(', ');
  const fmt = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en');
  const fields: [string, string, (d: Dataset) => string][] = [
    ['fullName', t.common.name, (d) => d.fullName ?? d.name],
    ['modalities', t.dataset.modalities, (d) => L('modality', d.modalities)],
    ['tasks', t.dataset.tasks, (d) => L('task', d.tasks)],
    ['anatomy', t.dataset.anatomy, (d) => L('anatomy', d.anatomy)],
    ['diseases', t.dataset.diseases, (d) => d.diseases.join(', ')],
    ['dimensionality', t.dataset.dimensionality, (d) => L('dimensionality', d.dimensionality)],
    ['fileFormats', t.dataset.fileFormats, (d) => L('fileFormat', d.fileFormats)],
    ...COUNT_UNIT.values.map((u): [string, string, (d: Dataset) => string] => [
      `counts.${u}`,
      `${t.dataset.counts}: ${COUNT_UNIT.labels[u][lang]}`,
      (d) => (d.counts[u] === null ? '' : fmt.format(d.counts[u]!)),
    ]),
    ['classes', t.dataset.classes, (d) => (d.classes ?? []).join(', ')],
    ['access', t.dataset.access, (d) => labelOf('access', d.access, lang)],
    ['license', t.dataset.license, (d) => d.license ?? ''],
    ['year', t.dataset.year, (d) => (d.year ? String(d.year) : '')],
    ['challenge', t.dataset.challenge, (d) => d.challenge?.name ?? ''],
    ['loadable', t.explorer.facets.loadable, (d) => (d.loader ? t.common.yes : t.common.no)],
    ['verified', t.dataset.verified, (d) => (d.verified ? t.common.yes : t.common.no)],
  ];
  const rows: CompareRow[] = fields
    .map(([field, label, get]) => {
      const values = shown.map(get);
      return { field, label, values, differs: new Set(values).size > 1 };
    })
    // Rows empty for every dataset (e.g. a count unit none of them uses) say nothing.
    .filter((r) => r.values.some(Boolean));
  // Size is derived, shown last so sorting intuition (largest count) is visible.
  if (shown.length) {
    const sizes = shown.map((d) => (sizeOf(d) ? fmt.format(sizeOf(d)) : ''));
    rows.push({ field: 'size', label: t.explorer.sortOptions.size, values: sizes, differs: new Set(sizes).size > 1 });
  }

  return (
    <div className="flex flex-col gap-4">
      <header>
        <h1 className="text-2xl font-semibold">{t.compare.title}</h1>
        <p className="text-slate-600">{t.compare.intro}</p>
      </header>
      {unknown.length > 0 && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          {t.dataset.notFound}: {unknown.map((u) => `“${u.slice(0, 60)}”`).join(', ')}
        </p>
      )}
      {datasets.length > 5 && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          {t.compare.tooMany}
        </p>
      )}
      <ComparePicker
        current={shown.map((d) => d.id)}
        options={listDatasets().map((d) => ({ id: d.id, name: d.name }))}
      />
      {shown.length < 2 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {t.compare.needTwo}
        </p>
      ) : (
        <CompareTable datasets={shown.map((d) => ({ id: d.id, name: d.name }))} rows={rows} />
      )}
    </div>
  );
}
