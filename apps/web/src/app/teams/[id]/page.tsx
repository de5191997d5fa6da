import type { Metadata } from 'next';
import { requireUser } from '~/server/session';
import { TeamView } from './team-view';

export const metadata: Metadata = { title: 'Team' };

export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/teams/${id}`);
  return <TeamView teamId={id} me={user.id} />;
}
