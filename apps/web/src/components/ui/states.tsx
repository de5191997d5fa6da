import type { ReactNode } from 'react';

/** Designed empty, loading and error states, so no page is ever blank. */
export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
      {children}
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <div className="flex flex-col gap-2" aria-busy="true">
      <span className="sr-only">{label}</span>
      <div className="h-5 w-1/3 animate-pulse rounded bg-slate-200" />
      <div className="h-16 animate-pulse rounded bg-slate-100" />
    </div>
  );
}

export function ErrorNote({ message }: { message: string }) {
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {message}
    </p>
  );
}

export const buttonClass =
  'rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60';
export const secondaryButtonClass =
  'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-60';
export const fieldClass = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm';
