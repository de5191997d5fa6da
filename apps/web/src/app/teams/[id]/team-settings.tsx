'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { Section } from '~/components/section';
import { buttonClass, Empty, ErrorNote, fieldClass, secondaryButtonClass } from '~/components/ui/states';
import { useT } from '~/i18n/client';
import { fmt } from '~/i18n/format';
import { useTRPC } from '~/trpc/react';
import type { RouterOutputs } from '~/trpc/types';

type TeamData = RouterOutputs['teams']['get'];
type Member = TeamData['members'][number];

const dangerButtonClass =
  'rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-50';

/** Admins rename the team; only its owner hands it over or deletes it. Shown to admins and the owner. */
export function TeamSettings({ data, me }: { data: TeamData; me: string }) {
  const t = useT();
  const isOwner = data.role === 'owner';
  return (
    <Section id="team-settings" title={t.teams.settings}>
      <div className="flex flex-col gap-5">
        <RenameForm teamId={data.team.id} name={data.team.name} />
        {isOwner ? (
          <>
            <TransferOwnership
              teamId={data.team.id}
              teamName={data.team.name}
              candidates={data.members.filter((m) => m.userId !== me)}
            />
            <DeleteTeam teamId={data.team.id} teamName={data.team.name} />
          </>
        ) : (
          <p className="text-sm text-slate-500">{t.teams.ownerOnly}</p>
        )}
      </div>
    </Section>
  );
}

/** Invalidates every teams query: names and roles show in the list, the team page and the header. */
export function useRefreshTeams() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.teams.pathKey() });
}

function RenameForm({ teamId, name }: { teamId: string; name: string }) {
  const t = useT();
  const trpc = useTRPC();
  const refresh = useRefreshTeams();
  const id = useId();
  const [draft, setDraft] = useState(name);
  const rename = useMutation(trpc.teams.rename.mutationOptions({ onSuccess: refresh }));
  const trimmed = draft.trim();
  return (
    <form
      className="flex flex-col gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed && trimmed !== name) rename.mutate({ teamId, name: trimmed });
      }}
    >
      <label htmlFor={id} className="text-xs font-medium">
        {t.teams.name}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={id}
          value={draft}
          required
          maxLength={120}
          onChange={(e) => {
            setDraft(e.target.value);
            rename.reset();
          }}
          className={`${fieldClass} min-w-0 flex-1`}
        />
        <button
          type="submit"
          className={secondaryButtonClass}
          disabled={!trimmed || trimmed === name || rename.isPending}
        >
          {t.teams.rename}
        </button>
      </div>
      {rename.isSuccess && (
        <p role="status" className="text-sm text-emerald-700">
          {t.teams.renamed}
        </p>
      )}
      {rename.isError && <ErrorNote message={rename.error.message} />}
    </form>
  );
}

function TransferOwnership({
  teamId,
  teamName,
  candidates,
}: {
  teamId: string;
  teamName: string;
  candidates: Member[];
}) {
  const t = useT();
  const trpc = useTRPC();
  const refresh = useRefreshTeams();
  const id = useId();
  const [to, setTo] = useState(candidates[0]?.userId ?? '');
  const [confirming, setConfirming] = useState(false);
  const transfer = useMutation(
    trpc.teams.transferOwnership.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        return refresh();
      },
    }),
  );
  const target = candidates.find((m) => m.userId === to) ?? candidates[0];

  return (
    <div className="flex flex-col gap-1 border-t border-slate-100 pt-4">
      <h3 className="text-sm font-semibold">{t.teams.transfer}</h3>
      <p className="text-xs text-slate-500">{t.teams.transferHint}</p>
      {!target ? (
        <Empty>{t.teams.transferNobody}</Empty>
      ) : confirming ? (
        <fieldset className="rounded-md bg-amber-50 p-3 text-sm">
          <legend className="float-left">{fmt(t.teams.transferConfirm, { name: target.name, team: teamName })}</legend>
          <div className="clear-both flex gap-2 pt-2">
            <button
              type="button"
              className={buttonClass}
              disabled={transfer.isPending}
              onClick={() => transfer.mutate({ teamId, toUserId: target.userId })}
            >
              {t.teams.transferYes}
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
              {t.common.cancel}
            </button>
          </div>
        </fieldset>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor={id} className="mb-1 block text-xs font-medium">
              {t.teams.transferTo}
            </label>
            <select id={id} className={fieldClass} value={target.userId} onChange={(e) => setTo(e.target.value)}>
              {candidates.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name} ({t.teams.roles[m.role]})
                </option>
              ))}
            </select>
          </div>
          <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(true)}>
            {t.teams.transfer}
          </button>
        </div>
      )}
      {transfer.isError && <ErrorNote message={transfer.error.message} />}
    </div>
  );
}

/** Deleting asks for the team's name typed out: a slip of the finger cannot take everyone's work with it. */
function DeleteTeam({ teamId, teamName }: { teamId: string; teamName: string }) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const [typed, setTyped] = useState('');
  const del = useMutation(
    trpc.teams.delete.mutationOptions({
      // Only the list: refetching this team's page before it unmounts would flash a "not found".
      onSuccess: () => {
        router.push('/teams');
        return queryClient.invalidateQueries(trpc.teams.list.queryFilter());
      },
    }),
  );
  return (
    <form
      className="flex flex-col gap-1 rounded-md border border-red-200 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (typed === teamName) del.mutate({ teamId });
      }}
    >
      <h3 className="text-sm font-semibold text-red-800">{t.teams.deleteTeam}</h3>
      <p className="text-xs text-slate-600">{t.teams.deleteHint}</p>
      <label htmlFor={id} className="mt-1 text-xs font-medium">
        {t.teams.deleteConfirmLabel}: <span className="font-mono">{teamName}</span>
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={id}
          value={typed}
          autoComplete="off"
          onChange={(e) => setTyped(e.target.value)}
          className={`${fieldClass} min-w-0 flex-1`}
        />
        <button type="submit" className={dangerButtonClass} disabled={typed !== teamName || del.isPending}>
          {t.teams.deleteTeam}
        </button>
      </div>
      {del.isError && <ErrorNote message={del.error.message} />}
    </form>
  );
}
