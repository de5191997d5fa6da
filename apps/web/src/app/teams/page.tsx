import type { Metadata } from 'next';
import { getMessages } from '~/i18n/server';
import { requireUser } from '~/server/session';
import { TeamsList } from './teams-list';

export const metadata: Metadata = { title: 'Teams' };

export default async function TeamsPage() {
  await requireUser('/teams');
  const { t } = await getMessages();
  return (
    <div className="flex flex-col gap-4">
      <header>
        <h1 className="text-2xl font-semibold">{t.teams.title}</h1>
        <p className="text-slate-600">{t.teams.intro}</p>
      </header>
      <TeamsList />
    </div>
  );
}
