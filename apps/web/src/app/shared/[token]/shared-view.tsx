'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ExportButtons } from '~/components/export-buttons';
import { ErrorNote, Loading } from '~/components/ui/states';
import { useLang, useT } from '~/i18n/client';
import { useTRPC, useTRPCClient } from '~/trpc/react';

/** A public-link collection, readable by anyone holding the link; who owns it is not shown. */
export function SharedCollectionView({ token }: { token: string }) {
  const t = useT();
  const lang = useLang();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const shared = useQuery(trpc.collections.shared.queryOptions({ shareToken: token }, { retry: false }));
  if (shared.isPending) return <Loading label={t.common.loading} />;
  if (shared.isError) return <ErrorNote message={shared.error.message} />;
  const c = shared.data;
  return (
    <div className="flex flex-col gap-4" data-testid="shared-collection">
      <header>
        <p className="text-xs uppercase tracking-wide text-slate-500">{t.collections.shared}</p>
        <h1 className="text-2xl font-semibold">{c.title}</h1>
        {c.description && <p className="text-slate-700">{c.description}</p>}
      </header>
      <ExportButtons load={(format) => client.collections.exportShared.query({ shareToken: token, format })} />
      <ol className="flex flex-col gap-2">
        {c.items.map((item) => (
          <li
            key={item.datasetId}
            className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
            data-testid="collection-item"
          >
            {item.dataset ? (
              <Link href={`/datasets/${item.datasetId}`} className="font-medium text-brand-700 underline">
                {item.dataset.name}
              </Link>
            ) : (
              item.datasetId
            )}
            <p className="text-sm text-slate-700">{item.note || item.dataset?.description[lang]}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
