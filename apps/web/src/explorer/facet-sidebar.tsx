'use client';

import type { Facet, FacetCount } from '@medsets/catalog';
import { useState } from 'react';
import { useLang, useT } from '~/i18n/client';
import { SIDEBAR_FACETS } from './url-state';

const VISIBLE = 8;

/**
 * Checkbox groups per facet, each with the count it would reach if ticked (the catalog counts
 * facets disjunctively). Selected values always stay visible even past the "show more" cut.
 */
export function FacetSidebar({
  facets,
  selected,
  onToggle,
  onClear,
}: {
  facets: Record<Facet, FacetCount[]>;
  selected: Partial<Record<Facet, string[]>>;
  onToggle: (facet: Facet, value: string) => void;
  onClear: () => void;
}) {
  const t = useT();
  const anySelected = Object.values(selected).some((v) => v?.length);
  return (
    <div className="flex flex-col gap-5">
      {anySelected && (
        <button type="button" onClick={onClear} className="self-start text-sm text-brand-700 underline">
          {t.explorer.clearFilters}
        </button>
      )}
      {SIDEBAR_FACETS.map((facet) => (
        <FacetGroup
          key={facet}
          facet={facet}
          counts={facets[facet]}
          selected={selected[facet] ?? []}
          onToggle={(v) => onToggle(facet, v)}
        />
      ))}
    </div>
  );
}

function FacetGroup({
  facet,
  counts,
  selected,
  onToggle,
}: {
  facet: Facet;
  counts: FacetCount[];
  selected: string[];
  onToggle: (value: string) => void;
}) {
  const t = useT();
  const lang = useLang();
  const [expanded, setExpanded] = useState(false);
  // Values selected but with no match left still show (count 0), so they can be unticked.
  const all = [
    ...counts,
    ...selected
      .filter((v) => !counts.some((c) => c.value === v))
      .map((value) => ({ value, count: 0, label: { en: value, zh: value } })),
  ];
  const shown = expanded ? all : all.filter((c, i) => i < VISIBLE || selected.includes(c.value));
  const id = `facet-${facet}`;
  if (!all.length) return null;
  return (
    <fieldset aria-labelledby={id} data-facet={facet}>
      <legend id={id} className="mb-1.5 text-sm font-semibold text-slate-800">
        {t.explorer.facets[facet]}
      </legend>
      <ul className="flex flex-col gap-0.5">
        {shown.map((c) => {
          const checked = selected.includes(c.value);
          return (
            <li key={c.value}>
              <label className="flex cursor-pointer items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-slate-100">
                <input
                  type="checkbox"
                  className="size-4 accent-brand-600"
                  checked={checked}
                  onChange={() => onToggle(c.value)}
                  data-value={c.value}
                />
                <span className="flex-1">{c.label[lang]}</span>
                <span className="tabular-nums text-xs text-slate-500">{c.count}</span>
              </label>
            </li>
          );
        })}
      </ul>
      {all.length > VISIBLE && (
        <button
          type="button"
          className="mt-1 text-xs text-brand-700 underline"
          aria-expanded={expanded}
          aria-controls={id}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? t.explorer.showLess : `${t.explorer.showMore} (${all.length - VISIBLE})`}
        </button>
      )}
    </fieldset>
  );
}
