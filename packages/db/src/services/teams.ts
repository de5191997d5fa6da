import { z } from 'zod';
import { audit } from '../audit.ts';
import { type Actor, requireRole, requireUser } from '../authorization.ts';
import type { Db } from '../client.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { Membership, Team, TeamRole } from '../generated/prisma/client.ts';
import { conflictOnDuplicate, inTransaction } from '../transactions.ts';
import { idSchema, LIMITS, parseInput, slugSchema, text, userIdSchema } from '../validation.ts';

export const createTeamInput = z.strictObject({
  name: text().trim().min(1).max(LIMITS.name),
  slug: slugSchema,
});

/** Any signed-in user can start a team and becomes its owner. */
export async function createTeam(db: Db, actor: Actor, input: z.input<typeof createTeamInput>): Promise<Team> {
  const { userId } = requireUser(actor, 'create a team');
  const data = parseInput(createTeamInput, input);
  return inTransaction(db, async (tx) => {
    const team = await tx.team
      .create({ data: { ...data, memberships: { create: { userId, role: 'owner' } } } })
      .catch((e) => conflictOnDuplicate(e, `a team with slug "${data.slug}"`));
    await audit(tx, { actorId: userId, teamId: team.id, action: 'team.create', entity: 'team', entityId: team.id });
    return team;
  });
}

export const teamRefInput = z.strictObject({ teamId: idSchema });

/** Members of any role see the team; to everyone else it does not exist. */
export async function getTeam(db: Db, actor: Actor, input: z.input<typeof teamRefInput>): Promise<Team> {
  const { teamId } = parseInput(teamRefInput, input);
  await requireRole(db.client, actor, teamId, 'viewer', 'see this team');
  return db.client.team.findUniqueOrThrow({ where: { id: teamId } });
}

export type TeamWithRole = Team & { role: TeamRole };

export async function listMyTeams(db: Db, actor: Actor): Promise<TeamWithRole[]> {
  const { userId } = requireUser(actor, 'list your teams');
  const memberships = await db.client.membership.findMany({
    where: { userId },
    include: { team: true },
    orderBy: { team: { name: 'asc' } },
  });
  return memberships.map((m) => ({ ...m.team, role: m.role }));
}

export const renameTeamInput = z.strictObject({ teamId: idSchema, name: createTeamInput.shape.name });

export async function renameTeam(db: Db, actor: Actor, input: z.input<typeof renameTeamInput>): Promise<Team> {
  const { teamId, name } = parseInput(renameTeamInput, input);
  return inTransaction(db, async (tx) => {
    const { userId } = await requireRole(tx, actor, teamId, 'admin', 'rename the team');
    const before = await tx.team.findUniqueOrThrow({ where: { id: teamId } });
    const team = await tx.team.update({ where: { id: teamId }, data: { name } });
    await audit(tx, {
      actorId: userId,
      teamId,
      action: 'team.rename',
      entity: 'team',
      entityId: teamId,
      before: { name: before.name },
      after: { name },
    });
    return team;
  });
}

export type MemberView = Pick<Membership, 'userId' | 'role' | 'createdAt'> & { name: string; email: string };

export async function listMembers(db: Db, actor: Actor, input: z.input<typeof teamRefInput>): Promise<MemberView[]> {
  const { teamId } = parseInput(teamRefInput, input);
  await requireRole(db.client, actor, teamId, 'viewer', 'see the members');
  const rows = await db.client.membership.findMany({
    where: { teamId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((m) => ({ userId: m.userId, role: m.role, createdAt: m.createdAt, ...m.user }));
}

export const changeRoleInput = z.strictObject({
  teamId: idSchema,
  userId: userIdSchema,
  // Ownership moves only through transferOwnership, so there is always exactly one owner.
  role: z.enum(['admin', 'member', 'viewer']),
});

export async function changeMemberRole(
  db: Db,
  actor: Actor,
  input: z.input<typeof changeRoleInput>,
): Promise<Membership> {
  const { teamId, userId: target, role } = parseInput(changeRoleInput, input);
  return inTransaction(db, async (tx) => {
    const { userId } = await requireRole(tx, actor, teamId, 'admin', 'change member roles');
    const membership = await memberOrNotFound(tx, teamId, target);
    if (membership.role === 'owner')
      throw new ForbiddenError('The owner’s role changes only by transferring ownership');
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await audit(tx, {
      actorId: userId,
      teamId,
      action: 'member.role',
      entity: 'membership',
      entityId: membership.id,
      before: { role: membership.role },
      after: { role },
    });
    return updated;
  });
}

export const memberRefInput = z.strictObject({ teamId: idSchema, userId: userIdSchema });

/** Admins remove members; anyone but the owner may remove themselves (leave). */
export async function removeMember(db: Db, actor: Actor, input: z.input<typeof memberRefInput>): Promise<void> {
  const { teamId, userId: target } = parseInput(memberRefInput, input);
  await inTransaction(db, async (tx) => {
    const self = requireUser(actor, 'remove a member').userId === target;
    const { userId } = await requireRole(tx, actor, teamId, self ? 'viewer' : 'admin', 'remove members');
    const membership = await memberOrNotFound(tx, teamId, target);
    if (membership.role === 'owner') throw new ForbiddenError('The owner cannot leave; transfer ownership first');
    await tx.membership.delete({ where: { id: membership.id } });
    await audit(tx, {
      actorId: userId,
      teamId,
      action: 'member.remove',
      entity: 'membership',
      entityId: membership.id,
      before: { userId: target, role: membership.role },
    });
  });
}

export const transferInput = z.strictObject({ teamId: idSchema, toUserId: userIdSchema });

/** The owner hands the team to another member and stays on as admin. */
export async function transferOwnership(db: Db, actor: Actor, input: z.input<typeof transferInput>): Promise<void> {
  const { teamId, toUserId } = parseInput(transferInput, input);
  await inTransaction(db, async (tx) => {
    const { userId } = await requireRole(tx, actor, teamId, 'owner', 'transfer ownership');
    if (toUserId === userId) throw new ValidationError('toUserId', 'you already own this team');
    const target = await memberOrNotFound(tx, teamId, toUserId);
    await tx.membership.update({ where: { teamId_userId: { teamId, userId } }, data: { role: 'admin' } });
    await tx.membership.update({ where: { id: target.id }, data: { role: 'owner' } });
    await audit(tx, {
      actorId: userId,
      teamId,
      action: 'team.transfer',
      entity: 'team',
      entityId: teamId,
      before: { owner: userId },
      after: { owner: toUserId },
    });
  });
}

/** Only the owner deletes a team; its collections, annotations and invites go with it. */
export async function deleteTeam(db: Db, actor: Actor, input: z.input<typeof teamRefInput>): Promise<void> {
  const { teamId } = parseInput(teamRefInput, input);
  await inTransaction(db, async (tx) => {
    const { userId } = await requireRole(tx, actor, teamId, 'owner', 'delete the team');
    const team = await tx.team.delete({ where: { id: teamId } });
    // Team-less entry: the team's own log rows would otherwise point at a team that no longer exists.
    await audit(tx, {
      actorId: userId,
      action: 'team.delete',
      entity: 'team',
      entityId: teamId,
      before: { name: team.name, slug: team.slug },
    });
  });
}

export const auditLogInput = z.strictObject({ teamId: idSchema, limit: z.number().int().min(1).max(500).default(100) });

export async function listAuditLog(db: Db, actor: Actor, input: z.input<typeof auditLogInput>) {
  const { teamId, limit } = parseInput(auditLogInput, input);
  await requireRole(db.client, actor, teamId, 'admin', 'read the audit log');
  return db.client.auditLog.findMany({ where: { teamId }, orderBy: { createdAt: 'desc' }, take: limit });
}

async function memberOrNotFound(tx: Parameters<typeof requireRole>[0], teamId: string, userId: string) {
  const membership = await tx.membership.findUnique({ where: { teamId_userId: { teamId, userId } } });
  if (!membership) throw new NotFoundError('member', userId);
  return membership;
}
