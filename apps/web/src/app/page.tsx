import { Explorer } from '~/explorer/explorer';
import { parseState, toSearchParams, toSearchQuery } from '~/explorer/url-state';
import { getMessages } from '~/i18n/server';
import { api } from '~/trpc/server';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The explorer's first render happens on the server, so results and facets arrive with the HTML. */
export default async function ExplorerPage({ searchParams }: { searchParams: SearchParams }) {
  const { t } = await getMessages();
  const state = parseState(await searchParams);
  const caller = await api();
  // A malformed filter in a shared link shows the error state instead of a crash.
  const initial = await caller.catalog.search(toSearchQuery(state)).catch(() => null);
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">{t.explorer.title}</h1>
      {initial ? (
        <Explorer initialJson={JSON.stringify(initial)} initialKey={toSearchParams(state).toString()} />
      ) : (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          {t.explorer.error}{' '}
          <a href="/" className="underline">
            {t.explorer.clearFilters}
          </a>
        </p>
      )}
    </div>
  );
}
