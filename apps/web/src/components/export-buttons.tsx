'use client';

import { useT } from '~/i18n/client';

const FORMATS = [
  ['json', 'JSON'],
  ['csv', 'CSV'],
  ['bibtex', 'BibTeX'],
  ['ts', 'TypeScript'],
] as const;

export type Format = (typeof FORMATS)[number][0];

/** Export buttons: the server renders the file, the browser saves it (no new window, no popup). */
export function ExportButtons({
  load,
}: {
  load: (format: Format) => Promise<{ filename: string; mime: string; content: string }>;
}) {
  const t = useT();
  return (
    <fieldset className="flex flex-wrap items-center gap-2">
      <legend className="float-left mr-1 text-sm font-medium">{t.collections.export}:</legend>
      {FORMATS.map(([format, label]) => (
        <button
          key={format}
          type="button"
          className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs hover:bg-slate-100"
          onClick={async () => {
            const file = await load(format);
            const url = URL.createObjectURL(new Blob([file.content], { type: file.mime }));
            const a = document.createElement('a');
            a.href = url;
            a.download = file.filename;
            a.click();
            URL.revokeObjectURL(url);
          }}
        >
          {label}
        </button>
      ))}
    </fieldset>
  );
}
