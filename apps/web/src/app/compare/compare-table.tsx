'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { useT } from '~/i18n/client';

export interface CompareRow {
  field: string;
  label: string;
  values: string[];
  differs: boolean;
}

/** The side-by-side table; rows whose values differ are highlighted and can be shown alone. */
export function CompareTable({ datasets, rows }: { datasets: { id: string; name: string }[]; rows: CompareRow[] }) {
  const t = useT();
  const router = useRouter();
  const [onlyDiff, setOnlyDiff] = useState(false);
  const toggleId = useId();
  const shown = onlyDiff ? rows.filter((r) => r.differs) : rows;
  const without = (id: string) =>
    `/compare?ids=${datasets
      .filter((d) => d.id !== id)
      .map((d) => d.id)
      .join(',')}`;
  return (
    <div className="flex flex-col gap-3">
      <label htmlFor={toggleId} className="flex items-center gap-2 text-sm">
        <input
          id={toggleId}
          type="checkbox"
          className="size-4 accent-brand-600"
          checked={onlyDiff}
          onChange={(e) => setOnlyDiff(e.target.checked)}
        />
        {t.compare.onlyDifferences}
      </label>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full min-w-[40rem] text-left text-sm" data-testid="compare-table">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className="w-40 p-2 text-xs text-slate-500">
                {t.compare.field}
              </th>
              {datasets.map((d) => (
                <th key={d.id} scope="col" className="p-2 align-top">
                  <Link href={`/datasets/${d.id}`} className="text-brand-700 underline">
                    {d.name}
                  </Link>
                  <button
                    type="button"
                    className="ml-2 text-xs text-slate-500 underline"
                    aria-label={`${t.compare.remove}: ${d.name}`}
                    onClick={() => router.push(without(d.id))}
                  >
                    {t.compare.remove}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr
                key={r.field}
                className={`border-t border-slate-100 align-top ${r.differs ? 'bg-amber-50' : ''}`}
                data-differs={r.differs}
              >
                <th scope="row" className="p-2 font-medium text-slate-600">
                  {r.label}
                  {r.differs && <span className="sr-only"> ({t.compare.differs})</span>}
                </th>
                {r.values.map((v, i) => (
                  <td key={datasets[i]!.id} className="p-2">
                    {v || '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Adds a dataset to the comparison by picking its name (a plain select: keyboard- and screen-reader-friendly). */
export function ComparePicker({ current, options }: { current: string[]; options: { id: string; name: string }[] }) {
  const t = useT();
  const router = useRouter();
  const id = useId();
  const full = current.length >= 5;
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div>
        <label htmlFor={id} className="mb-1 block text-sm font-medium">
          {t.compare.pick}
        </label>
        <select
          id={id}
          disabled={full}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          value=""
          onChange={(e) => e.target.value && router.push(`/compare?ids=${[...current, e.target.value].join(',')}`)}
        >
          <option value="">—</option>
          {options
            .filter((o) => !current.includes(o.id))
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
        </select>
      </div>
      {full && <p className="text-sm text-slate-600">{t.compare.tooMany}</p>}
    </div>
  );
}
