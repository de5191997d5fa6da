/** Shown while a page's server data loads (navigations between pages). */
export default function Loading() {
  return (
    <div className="flex flex-col gap-3" aria-busy="true" aria-live="polite">
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200" />
      <div className="h-40 animate-pulse rounded-lg bg-white shadow-sm" />
      <div className="h-40 animate-pulse rounded-lg bg-white shadow-sm" />
    </div>
  );
}
