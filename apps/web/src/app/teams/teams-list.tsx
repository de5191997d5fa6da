'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId } from 'react';
import { Badge } from '~/components/badge';
import { buttonClass, Empty, ErrorNote, fieldClass, Loading } from '~/components/ui/states';
import { useT } from '~/i18n/client';
import { useTRPC } from '~/trpc/react';

export function TeamsList() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const create = useMutation(
    trpc.teams.create.mutationOptions({
      onSuccess: async (team) => {
        await queryClient.invalidateQueries(trpc.teams.list.queryFilter());
        router.push(`/teams/${team.id}`);
      },
    }),
  );
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-[minmax(0,1fr)_20rem]">
      <section aria-label={t.teams.title}>
        {teams.isPending && <Loading label={t.common.loading} />}
        {teams.isError && <ErrorNote message={teams.error.message} />}
        {teams.data?.length === 0 && <Empty>{t.teams.none}</Empty>}
        <ul className="flex flex-col gap-2">
          {teams.data?.map((team) => (
            <li
              key={team.id}
              className="flex items-center justify-between rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
            >
              <Link href={`/teams/${team.id}`} className="font-medium text-brand-700 hover:underline">
                {team.name}
              </Link>
              <Badge>{t.teams.roles[team.role]}</Badge>
            </li>
          ))}
        </ul>
      </section>
      <form
        className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        onSubmit={(e) => {
          e.preventDefault();
          const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
          if (name) create.mutate({ name });
        }}
      >
        <h2 className="font-semibold">{t.teams.create}</h2>
        <label htmlFor={id} className="text-sm font-medium">
          {t.teams.name}
        </label>
        <input id={id} name="name" required maxLength={120} className={fieldClass} />
        {create.isError && <ErrorNote message={create.error.message} />}
        <button type="submit" disabled={create.isPending} className={buttonClass}>
          {t.common.create}
        </button>
      </form>
    </div>
  );
}
