'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { Badge } from '~/components/badge';
import { CopyButton } from '~/components/copy-button';
import { Section } from '~/components/section';
import { buttonClass, Empty, ErrorNote, fieldClass, Loading, secondaryButtonClass } from '~/components/ui/states';
import { useLang, useT } from '~/i18n/client';
import { fmt } from '~/i18n/format';
import { useTRPC } from '~/trpc/react';
import { Markdown } from '../../datasets/[id]/markdown';
import { TeamSettings, useRefreshTeams } from './team-settings';

const EXPIRIES = [24, 24 * 7, 24 * 30];

/** A team: members and roles, invite links, its collections and its recent annotations. */
export function TeamView({ teamId, me }: { teamId: string; me: string }) {
  const t = useT();
  const lang = useLang();
  const trpc = useTRPC();
  const router = useRouter();
  const team = useQuery(trpc.teams.get.queryOptions({ teamId }, { retry: false }));
  const isAdmin = team.data?.role === 'owner' || team.data?.role === 'admin';
  const invites = useQuery(trpc.teams.listInvites.queryOptions({ teamId }, { enabled: isAdmin }));
  const collections = useQuery(trpc.collections.list.queryOptions({ teamId }, { enabled: team.isSuccess }));
  const activity = useQuery(
    trpc.annotations.recent.queryOptions({ teamId, limit: 20 }, { enabled: team.isSuccess, refetchInterval: 10_000 }),
  );
  const refresh = useRefreshTeams();
  const changeRole = useMutation(trpc.teams.changeRole.mutationOptions({ onSuccess: refresh }));
  const removeMember = useMutation(trpc.teams.removeMember.mutationOptions({ onSuccess: refresh }));
  const leave = useMutation(trpc.teams.leave.mutationOptions({ onSuccess: () => router.push('/teams') }));
  const revoke = useMutation(trpc.teams.revokeInvite.mutationOptions({ onSuccess: refresh }));
  const [link, setLink] = useState<string | null>(null);
  const createInvite = useMutation(
    trpc.teams.createInvite.mutationOptions({
      onSuccess: ({ token }) => {
        setLink(`${window.location.origin}/invite/${token}`);
        void refresh();
      },
    }),
  );
  const roleId = useId();
  const expiryId = useId();
  const date = (d: Date) =>
    new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(d);

  if (team.isPending) return <Loading label={t.common.loading} />;
  if (team.isError) return <ErrorNote message={team.error.message} />;
  const { members, role } = team.data;
  const mutationError = changeRole.error ?? removeMember.error ?? leave.error ?? revoke.error ?? createInvite.error;

  return (
    <div className="flex flex-col gap-4" data-testid="team-page">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{team.data.team.name}</h1>
        <Badge tone="brand">{t.teams.roles[role]}</Badge>
        {role !== 'owner' && (
          <button type="button" className={`${secondaryButtonClass} ml-auto`} onClick={() => leave.mutate({ teamId })}>
            {t.teams.leave}
          </button>
        )}
      </header>
      {mutationError && <ErrorNote message={mutationError.message} />}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Section id="members" title={t.teams.members}>
          <ul className="flex flex-col divide-y divide-slate-100">
            {members.map((m) => (
              <li key={m.userId} className="flex flex-wrap items-center gap-2 py-2" data-testid="member">
                <span className="font-medium">{m.name}</span>
                {m.userId === me && <span className="text-xs text-slate-500">({t.teams.you})</span>}
                <span className="text-xs text-slate-500">{m.email}</span>
                <span className="ml-auto flex items-center gap-2">
                  {isAdmin && m.role !== 'owner' && m.userId !== me ? (
                    <>
                      <label className="sr-only" htmlFor={`role-${m.userId}`}>
                        {t.teams.role}: {m.name}
                      </label>
                      <select
                        id={`role-${m.userId}`}
                        className={fieldClass}
                        value={m.role}
                        onChange={(e) =>
                          changeRole.mutate({
                            teamId,
                            userId: m.userId,
                            role: e.target.value as 'admin' | 'member' | 'viewer',
                          })
                        }
                      >
                        {(['admin', 'member', 'viewer'] as const).map((r) => (
                          <option key={r} value={r}>
                            {t.teams.roles[r]}
                          </option>
                        ))}
                      </select>
                      <button
                        type="button"
                        className="text-xs text-red-700 underline"
                        onClick={() => removeMember.mutate({ teamId, userId: m.userId })}
                        aria-label={`${t.teams.remove}: ${m.name}`}
                      >
                        {t.teams.remove}
                      </button>
                    </>
                  ) : (
                    <Badge>{t.teams.roles[m.role]}</Badge>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </Section>

        {isAdmin && (
          <Section id="invite" title={t.teams.invite}>
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                const form = new FormData(e.currentTarget);
                createInvite.mutate({
                  teamId,
                  role: form.get('role') as 'admin' | 'member' | 'viewer',
                  expiresInHours: Number(form.get('expiry')),
                });
              }}
            >
              <div>
                <label htmlFor={roleId} className="mb-1 block text-xs font-medium">
                  {t.teams.inviteRole}
                </label>
                <select id={roleId} name="role" defaultValue="member" className={fieldClass}>
                  {(['admin', 'member', 'viewer'] as const).map((r) => (
                    <option key={r} value={r}>
                      {t.teams.roles[r]}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor={expiryId} className="mb-1 block text-xs font-medium">
                  {t.teams.inviteExpiry}
                </label>
                <select id={expiryId} name="expiry" defaultValue={24 * 7} className={fieldClass}>
                  {EXPIRIES.map((h) => (
                    <option key={h} value={h}>
                      {fmt(t.teams.hours, { n: h / 24 })}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className={buttonClass} disabled={createInvite.isPending}>
                {t.teams.createInvite}
              </button>
            </form>
            {link && (
              <div className="mt-3 rounded-md bg-brand-50 p-3 text-sm">
                <p>{t.teams.inviteLink}</p>
                <div className="mt-1 flex items-center gap-2">
                  <code className="min-w-0 flex-1 break-all text-xs" data-testid="invite-link">
                    {link}
                  </code>
                  <CopyButton text={link} label={t.teams.copyLink} done={t.dataset.copied} />
                </div>
              </div>
            )}
            {invites.data && invites.data.length > 0 && (
              <>
                <h3 className="mb-1 mt-4 text-sm font-semibold">{t.teams.pendingInvites}</h3>
                <ul className="flex flex-col gap-1 text-sm">
                  {invites.data.map((inv) => {
                    const state = inv.acceptedAt
                      ? 'accepted'
                      : inv.revokedAt
                        ? 'revoked'
                        : new Date(inv.expiresAt) < new Date()
                          ? 'expired'
                          : 'pending';
                    return (
                      <li key={inv.id} className="flex flex-wrap items-center gap-2">
                        <Badge>{t.teams.roles[inv.role]}</Badge>
                        <span>{t.teams.inviteState[state]}</span>
                        <span className="text-xs text-slate-500">
                          {t.teams.expires} {date(new Date(inv.expiresAt))}
                        </span>
                        {state === 'pending' && (
                          <button
                            type="button"
                            className="ml-auto text-xs text-red-700 underline"
                            onClick={() => revoke.mutate({ inviteId: inv.id })}
                          >
                            {t.teams.revoke}
                          </button>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </Section>
        )}

        {isAdmin && <TeamSettings data={team.data} me={me} />}

        <Section id="team-collections" title={t.teams.collections}>
          {collections.isPending && <Loading label={t.common.loading} />}
          {collections.isError && <ErrorNote message={collections.error.message} />}
          {collections.data?.length === 0 && <Empty>{t.collections.none}</Empty>}
          <ul className="flex flex-col gap-1">
            {collections.data?.map((c) => (
              <li key={c.id} className="flex items-center gap-2">
                <Link href={`/collections/${c.id}`} className="text-brand-700 underline">
                  {c.title}
                </Link>
                <Badge>{t.collections.visibilities[c.visibility]}</Badge>
              </li>
            ))}
          </ul>
        </Section>

        <Section id="activity" title={t.teams.activity}>
          {activity.isPending && <Loading label={t.common.loading} />}
          {activity.isError && <ErrorNote message={activity.error.message} />}
          {activity.data?.length === 0 && <Empty>{t.teams.noActivity}</Empty>}
          <ul className="flex flex-col gap-3">
            {activity.data?.map((a) => (
              <li key={a.id} className="text-sm">
                <p className="text-xs text-slate-500">
                  {a.authorName} · {date(new Date(a.createdAt))} ·{' '}
                  <Link href={`/datasets/${a.datasetId}`} className="text-brand-700 underline">
                    {a.datasetId}
                  </Link>
                </p>
                {a.body ? <Markdown text={a.body} /> : <Badge>{t.annotations.kinds[a.kind]}</Badge>}
              </li>
            ))}
          </ul>
        </Section>
      </div>
    </div>
  );
}
