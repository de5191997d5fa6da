import type { Metadata } from 'next';
import Link from 'next/link';
import { Section } from '~/components/section';
import { explorerHref } from '~/explorer/url-state';
import { fmt } from '~/i18n/format';
import { getMessages } from '~/i18n/server';
import type { Bar } from '~/server/catalog/stats';
import { api } from '~/trpc/server';
import { type ChartBar, StatsBarChart } from './bar-chart';

export const metadata: Metadata = { title: 'Statistics' };

export default async function StatsPage() {
  const { lang, t } = await getMessages();
  const stats = await (await api()).catalog.stats();
  const toChart = (bars: Bar[], facet: string | null): ChartBar[] =>
    bars.map((b) => ({
      name: b.label[lang],
      count: b.count,
      href: facet && b.value ? explorerHref({ filters: { [facet]: [b.value] } }) : explorerHref({ sort: 'size' }),
    }));
  const charts = [
    { id: 'modality', title: t.stats.byModality, data: toChart(stats.modality, 'modality'), horizontal: true },
    { id: 'task', title: t.stats.byTask, data: toChart(stats.task, 'task'), horizontal: true },
    { id: 'anatomy', title: t.stats.byAnatomy, data: toChart(stats.anatomy, 'anatomy'), horizontal: true },
    { id: 'year', title: t.stats.byYear, data: toChart(stats.year, 'year'), horizontal: false },
    { id: 'access', title: t.stats.byAccess, data: toChart(stats.access, 'access'), horizontal: false },
    { id: 'size', title: t.stats.bySize, data: toChart(stats.size, null), horizontal: false },
  ];
  return (
    <div className="flex flex-col gap-4">
      <header>
        <h1 className="text-2xl font-semibold">{t.stats.title}</h1>
        <p className="text-slate-600">
          {fmt(t.stats.total, { n: stats.total })} · {t.stats.intro}
        </p>
      </header>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {charts.map((c) => (
          <Section key={c.id} id={`chart-${c.id}`} title={c.title}>
            <StatsBarChart data={c.data} horizontal={c.horizontal} />
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-brand-700">{t.stats.table}</summary>
              <table className="mt-2 w-full text-left">
                <thead className="text-xs text-slate-500">
                  <tr>
                    <th scope="col">{t.stats.value}</th>
                    <th scope="col" className="text-right">
                      {t.stats.count}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.data.map((b) => (
                    <tr key={b.name} className="border-t border-slate-100">
                      <td className="py-1">
                        <Link href={b.href} className="text-brand-700 underline">
                          {b.name}
                        </Link>
                      </td>
                      <td className="py-1 text-right tabular-nums">{b.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </Section>
        ))}
      </div>
    </div>
  );
}
