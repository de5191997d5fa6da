import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/authorization.ts';
import type { Db } from '../../src/client.ts';
import type { TeamRole } from '../../src/generated/prisma/client.ts';
import { createTeam } from '../../src/services/teams.ts';

const suffix = () => randomBytes(5).toString('hex');

/** A signed-up user (the row better-auth would create). */
export async function makeUser(db: Db, label = 'user'): Promise<{ userId: string }> {
  const id = `${label}-${suffix()}`;
  await db.client.user.create({ data: { id, name: label, email: `${id}@example.test` } });
  return { userId: id };
}

export type Persona = 'anonymous' | 'outsider' | 'viewer' | 'member' | 'admin' | 'owner';
export const PERSONAS: Persona[] = ['anonymous', 'outsider', 'viewer', 'member', 'admin', 'owner'];

export interface World {
  teamId: string;
  /** The outsider's own team, to prove nothing crosses over. */
  otherTeamId: string;
  actors: Record<Persona, Actor>;
  /** A second member, for "someone else's content". */
  otherMember: { userId: string };
}

/** One team with a user in every role, plus an outsider who owns another team. */
export async function makeWorld(db: Db): Promise<World> {
  const owner = await makeUser(db, 'owner');
  const team = await createTeam(db, owner, { name: 'Radiology lab', slug: `lab-${suffix()}` });
  const actors: Record<Persona, Actor> = { anonymous: null, owner } as Record<Persona, Actor>;
  for (const role of ['admin', 'member', 'viewer'] as const satisfies TeamRole[]) {
    actors[role] = await addMember(db, team.id, role);
  }
  const otherMember = await addMember(db, team.id, 'member', 'member2');
  const outsider = await makeUser(db, 'outsider');
  const other = await createTeam(db, outsider, { name: 'Other lab', slug: `other-${suffix()}` });
  actors.outsider = outsider;
  return { teamId: team.id, otherTeamId: other.id, actors, otherMember };
}

export async function addMember(db: Db, teamId: string, role: TeamRole, label: string = role) {
  const user = await makeUser(db, label);
  await db.client.membership.create({ data: { teamId, userId: user.userId, role } });
  return user;
}

/** A catalog dataset id that exists, read from the catalog rather than hard-coded. */
export { listDatasets } from '@medsets/catalog';
