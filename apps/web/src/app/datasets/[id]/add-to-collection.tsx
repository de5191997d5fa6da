'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import { buttonClass, ErrorNote, fieldClass } from '~/components/ui/states';
import { useT } from '~/i18n/client';
import { useTRPC } from '~/trpc/react';

export function AddToCollection({ datasetId }: { datasetId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const groups = useQuery(trpc.collections.writable.queryOptions());
  const [target, setTarget] = useState('');
  const add = useMutation(
    trpc.collections.addItem.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.collections.pathKey() }),
    }),
  );
  const options =
    groups.data?.flatMap((g) => g.collections.map((c) => ({ ...c, group: g.teamName ?? t.collections.personal }))) ??
    [];
  if (groups.data && !options.length)
    return (
      <p className="text-sm text-slate-600">
        {t.collections.none}{' '}
        <Link href="/collections" className="text-brand-700 underline">
          {t.collections.create}
        </Link>
      </p>
    );
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (target) add.mutate({ collectionId: target, datasetId });
      }}
    >
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="mb-1 block text-xs font-medium">
          {t.collections.pick}
        </label>
        <select
          id={id}
          className={`${fieldClass} w-full`}
          value={target}
          onChange={(e) => {
            setTarget(e.target.value);
            add.reset();
          }}
        >
          <option value="">—</option>
          {options.map((c) => (
            <option key={c.id} value={c.id}>
              {c.group} / {c.title}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClass} disabled={!target || add.isPending}>
        {t.collections.add}
      </button>
      {add.isSuccess && (
        <p role="status" className="w-full text-sm text-emerald-700">
          {t.collections.added} ·{' '}
          <Link href={`/collections/${target}`} className="underline">
            {options.find((c) => c.id === target)?.title}
          </Link>
        </p>
      )}
      {add.isError && (
        <div className="w-full">
          <ErrorNote message={add.error.data?.code === 'CONFLICT' ? t.collections.already : add.error.message} />
        </div>
      )}
    </form>
  );
}
