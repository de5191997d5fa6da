import type { Db } from './client.ts';
import { createCollection } from './services/collections.ts';
import { createTeam } from './services/teams.ts';

export const DEMO_USER = { id: 'demo-user', name: 'Demo User', email: 'demo@medsets.local' } as const;
export const DEMO_TEAM_SLUG = 'demo';

/**
 * A demo user and team for local use. Idempotent; it refuses to touch a server so demo credentials never land in
 * a shared database.
 */
export async function seedDemo(db: Db): Promise<{ userId: string; teamId: string }> {
  if (db.kind !== 'embedded') throw new Error('The demo seed is for the embedded database only');
  await db.client.user.upsert({ where: { id: DEMO_USER.id }, create: DEMO_USER, update: {} });
  const actor = { userId: DEMO_USER.id };
  const existing = await db.client.team.findUnique({ where: { slug: DEMO_TEAM_SLUG } });
  if (existing) return { userId: DEMO_USER.id, teamId: existing.id };
  const team = await createTeam(db, actor, { name: 'Demo team', slug: DEMO_TEAM_SLUG });
  await createCollection(db, actor, {
    teamId: team.id,
    title: 'Reading list',
    slug: 'reading-list',
    visibility: 'team',
  });
  return { userId: DEMO_USER.id, teamId: team.id };
}
