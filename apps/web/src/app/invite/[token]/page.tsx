import type { Metadata } from 'next';
import { getMessages } from '~/i18n/server';
import { requireUser } from '~/server/session';
import { AcceptInvite } from './accept-invite';

export const metadata: Metadata = { title: 'Join a team', referrer: 'no-referrer' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  await requireUser(`/invite/${token}`);
  const { t } = await getMessages();
  return (
    <div className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-3 text-xl font-semibold">{t.teams.acceptTitle}</h1>
      <AcceptInvite token={token} />
    </div>
  );
}
