'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { Badge } from '~/components/badge';
import { CopyButton } from '~/components/copy-button';
import { ExportButtons } from '~/components/export-buttons';
import { Empty, ErrorNote, fieldClass, Loading, secondaryButtonClass } from '~/components/ui/states';
import { useLang, useT } from '~/i18n/client';
import { fmt } from '~/i18n/format';
import { useTRPC, useTRPCClient } from '~/trpc/react';
import type { RouterOutputs } from '~/trpc/types';
import { SortableItems } from './sortable-items';

type Item = RouterOutputs['collections']['get']['items'][number];
type Visibility = 'private' | 'team' | 'public_link';

const itemName = (item: Item) => item.dataset?.name ?? item.datasetId;

/** One collection: notes per item, reorder by drag (mouse, pen or touch) or keyboard, visibility, share link, export. */
export function CollectionEditor({ collectionId }: { collectionId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const queryClient = useQueryClient();
  const visibilityId = useId();
  const query = useQuery(trpc.collections.get.queryOptions({ collectionId }, { retry: false }));
  const key = trpc.collections.get.queryKey({ collectionId });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const [announce, setAnnounce] = useState('');

  const move = useMutation(
    trpc.collections.moveItem.mutationOptions({
      // Optimistic: the row moves at once; the server's order replaces it when the call returns.
      onMutate: ({ itemId, toPosition }) => {
        queryClient.setQueryData(key, (old) => {
          if (!old) return old;
          const items = [...old.items];
          const from = items.findIndex((i) => i.id === itemId);
          const [moved] = items.splice(from, 1);
          items.splice(toPosition, 0, moved!);
          return { ...old, items };
        });
      },
      onSettled: refresh,
    }),
  );
  const update = useMutation(trpc.collections.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.collections.removeItem.mutationOptions({ onSuccess: refresh }));
  const del = useMutation(trpc.collections.delete.mutationOptions({ onSuccess: () => router.push('/collections') }));

  if (query.isPending) return <Loading label={t.common.loading} />;
  if (query.isError) return <ErrorNote message={query.error.message} />;
  const c = query.data;
  const shareUrl =
    c.shareToken && typeof window !== 'undefined' ? `${window.location.origin}/shared/${c.shareToken}` : null;
  const error = move.error ?? update.error ?? remove.error ?? del.error;

  const moveTo = (item: Item, toPosition: number) => {
    if (toPosition < 0 || toPosition >= c.items.length) return;
    move.mutate({ itemId: item.id, toPosition });
    setAnnounce(`${itemName(item)}: ${toPosition + 1} / ${c.items.length}`);
  };

  return (
    <div className="flex flex-col gap-4" data-testid="collection-page">
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{c.title}</h1>
          <Badge>{t.collections.visibilities[c.visibility]}</Badge>
          <span className="text-sm text-slate-500">{fmt(t.collections.items, { n: c.items.length })}</span>
        </div>
        {c.description && <p className="text-slate-700">{c.description}</p>}
        {!c.canEdit && <p className="text-sm text-slate-500">{t.collections.readOnly}</p>}
      </header>
      {error && <ErrorNote message={error.message} />}

      <div className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
        {c.canEdit && (
          <div>
            <label htmlFor={visibilityId} className="mb-1 block text-xs font-medium">
              {t.collections.visibility}
            </label>
            <select
              id={visibilityId}
              className={fieldClass}
              value={c.visibility}
              onChange={(e) =>
                update.mutate({ collectionId, version: c.version, visibility: e.target.value as Visibility })
              }
            >
              {(c.teamId ? (['private', 'team', 'public_link'] as const) : (['private', 'public_link'] as const)).map(
                (v) => (
                  <option key={v} value={v}>
                    {t.collections.visibilities[v]}
                  </option>
                ),
              )}
            </select>
          </div>
        )}
        <ExportButtons load={(format) => client.collections.export.query({ collectionId, format })} />
        {c.canEdit && (
          <button
            type="button"
            className={`${secondaryButtonClass} ml-auto text-red-700`}
            onClick={() => window.confirm(t.collections.confirmDelete) && del.mutate({ collectionId })}
          >
            {t.collections.deleteCollection}
          </button>
        )}
      </div>

      {shareUrl && (
        <div className="rounded-md bg-brand-50 p-3 text-sm">
          <p className="font-medium">{t.collections.share}</p>
          <p className="text-xs text-slate-600">{t.collections.shareHint}</p>
          <div className="mt-1 flex items-center gap-2">
            <code className="min-w-0 flex-1 break-all text-xs" data-testid="share-link">
              {shareUrl}
            </code>
            <CopyButton text={shareUrl} label={t.teams.copyLink} done={t.dataset.copied} />
          </div>
        </div>
      )}

      {c.items.length === 0 ? (
        <Empty>
          {t.collections.empty}{' '}
          <Link href="/" className="text-brand-700 underline">
            {t.nav.explorer}
          </Link>
        </Empty>
      ) : (
        <>
          {c.canEdit && <p className="text-xs text-slate-500">{t.collections.dragHint}</p>}
          <p className="sr-only" aria-live="polite">
            {announce}
          </p>
          <SortableItems
            items={c.items}
            idOf={(item) => item.id}
            nameOf={itemName}
            enabled={c.canEdit}
            onMove={moveTo}
            className="flex flex-col gap-2"
            testId="collection-items"
            renderItem={(item, index, handle) => (
              <div
                data-testid="collection-item"
                data-dataset={item.datasetId}
                className={`flex flex-col gap-2 rounded-lg border bg-white p-3 shadow-sm sm:flex-row sm:items-start ${handle?.dragging ? 'border-brand-500 shadow-md' : 'border-slate-200'}`}
              >
                <div className="flex items-center gap-2 sm:w-64 sm:shrink-0">
                  {handle && (
                    <button
                      type="button"
                      data-testid="drag-handle"
                      {...handle.handleProps}
                      // touch-none: a finger on the handle drags the row instead of scrolling the page.
                      className="cursor-grab touch-none select-none rounded px-1 text-lg leading-none text-slate-400 hover:bg-slate-100 hover:text-slate-700 active:cursor-grabbing"
                    >
                      ⠿
                    </button>
                  )}
                  <span className="w-6 text-right text-sm tabular-nums text-slate-400">{index + 1}.</span>
                  {item.dataset ? (
                    <Link href={`/datasets/${item.datasetId}`} className="font-medium text-brand-700 underline">
                      {item.dataset.name}
                    </Link>
                  ) : (
                    <span>
                      {item.datasetId}{' '}
                      <span className="text-xs text-slate-500">({t.collections.removedFromCatalog})</span>
                    </span>
                  )}
                </div>
                <ItemNote item={item} editable={c.canEdit} onSaved={refresh} />
                {c.canEdit && (
                  <div className="flex gap-1 sm:ml-auto">
                    <button
                      type="button"
                      className={secondaryButtonClass}
                      disabled={index === 0}
                      aria-label={`${t.collections.moveUp}: ${itemName(item)}`}
                      onClick={() => moveTo(item, index - 1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className={secondaryButtonClass}
                      disabled={index === c.items.length - 1}
                      aria-label={`${t.collections.moveDown}: ${itemName(item)}`}
                      onClick={() => moveTo(item, index + 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className={`${secondaryButtonClass} text-red-700`}
                      aria-label={`${t.collections.remove}: ${itemName(item)}`}
                      onClick={() => remove.mutate({ itemId: item.id })}
                    >
                      ✕
                    </button>
                  </div>
                )}
              </div>
            )}
          />
        </>
      )}
    </div>
  );
}

function ItemNote({ item, editable, onSaved }: { item: Item; editable: boolean; onSaved: () => void }) {
  const t = useT();
  const lang = useLang();
  const trpc = useTRPC();
  const [note, setNote] = useState(item.note);
  const save = useMutation(trpc.collections.updateItem.mutationOptions({ onSuccess: onSaved }));
  const id = useId();
  if (!editable) return <p className="flex-1 text-sm text-slate-700">{item.note || item.dataset?.description[lang]}</p>;
  return (
    <form
      className="flex min-w-0 flex-1 items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ itemId: item.id, note });
      }}
    >
      <label htmlFor={id} className="sr-only">
        {t.collections.note}: {itemName(item)}
      </label>
      <textarea
        id={id}
        value={note}
        maxLength={2000}
        rows={1}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t.collections.note}
        className={`${fieldClass} min-w-0 flex-1`}
      />
      {note !== item.note && (
        <button type="submit" className={secondaryButtonClass} disabled={save.isPending}>
          {t.collections.saveNote}
        </button>
      )}
    </form>
  );
}
