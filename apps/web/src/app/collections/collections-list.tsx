'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { Badge } from '~/components/badge';
import { buttonClass, Empty, ErrorNote, fieldClass, Loading } from '~/components/ui/states';
import { useT } from '~/i18n/client';
import { useTRPC } from '~/trpc/react';

type Visibility = 'private' | 'team' | 'public_link';

export function CollectionsList() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const groups = useQuery(trpc.collections.writable.queryOptions());
  const teams = useQuery(trpc.teams.list.queryOptions());
  const [owner, setOwner] = useState('');
  const create = useMutation(
    trpc.collections.create.mutationOptions({
      onSuccess: async (c) => {
        await queryClient.invalidateQueries(trpc.collections.writable.queryFilter());
        router.push(`/collections/${c.id}`);
      },
    }),
  );
  const visibilities: Visibility[] = owner ? ['team', 'private', 'public_link'] : ['private', 'public_link'];
  const total = groups.data?.reduce((n, g) => n + g.collections.length, 0) ?? 0;
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-[minmax(0,1fr)_20rem]">
      <section aria-label={t.collections.title} className="flex flex-col gap-4">
        {groups.isPending && <Loading label={t.common.loading} />}
        {groups.isError && <ErrorNote message={groups.error.message} />}
        {groups.data && total === 0 && <Empty>{t.collections.none}</Empty>}
        {groups.data
          ?.filter((g) => g.collections.length)
          .map((g) => (
            <div key={g.teamId ?? 'personal'}>
              <h2 className="mb-2 text-sm font-semibold text-slate-600">{g.teamName ?? t.collections.personal}</h2>
              <ul className="flex flex-col gap-2">
                {g.collections.map((c) => (
                  <li
                    key={c.id}
                    className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
                  >
                    <Link href={`/collections/${c.id}`} className="font-medium text-brand-700 hover:underline">
                      {c.title}
                    </Link>
                    <Badge>{t.collections.visibilities[c.visibility]}</Badge>
                  </li>
                ))}
              </ul>
            </div>
          ))}
      </section>
      <form
        className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        data-testid="create-collection"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          create.mutate({
            title: String(form.get('title')),
            description: String(form.get('description') ?? ''),
            visibility: form.get('visibility') as Visibility,
            teamId: owner || undefined,
          });
        }}
      >
        <h2 className="font-semibold">{t.collections.create}</h2>
        <label htmlFor={`${id}-title`} className="text-sm font-medium">
          {t.collections.titleLabel}
        </label>
        <input id={`${id}-title`} name="title" required maxLength={200} className={fieldClass} />
        <label htmlFor={`${id}-description`} className="text-sm font-medium">
          {t.collections.description}
        </label>
        <textarea id={`${id}-description`} name="description" maxLength={5000} rows={2} className={fieldClass} />
        <label htmlFor={`${id}-owner`} className="text-sm font-medium">
          {t.collections.owner}
        </label>
        <select id={`${id}-owner`} value={owner} onChange={(e) => setOwner(e.target.value)} className={fieldClass}>
          <option value="">{t.collections.personal}</option>
          {teams.data
            ?.filter((team) => team.role !== 'viewer')
            .map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
        </select>
        <label htmlFor={`${id}-visibility`} className="text-sm font-medium">
          {t.collections.visibility}
        </label>
        <select id={`${id}-visibility`} name="visibility" key={owner} className={fieldClass}>
          {visibilities.map((v) => (
            <option key={v} value={v}>
              {t.collections.visibilities[v]}
            </option>
          ))}
        </select>
        {create.isError && <ErrorNote message={create.error.message} />}
        <button type="submit" disabled={create.isPending} className={buttonClass}>
          {t.common.create}
        </button>
      </form>
    </div>
  );
}
