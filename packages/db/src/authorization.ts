import { AuthenticationRequiredError, ForbiddenError, NotFoundError } from './errors.ts';
import type { Prisma, TeamRole } from './generated/prisma/client.ts';

/** Who is acting: the signed-in user, or null/undefined for an anonymous visitor. */
export type Actor = { readonly userId: string } | null | undefined;
export type SignedIn = { readonly userId: string };
export type Tx = Prisma.TransactionClient;

/** Roles in increasing power; each role can do everything the ones before it can. */
export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const satisfies readonly TeamRole[];
const rank = (role: TeamRole): number => ROLES.indexOf(role);

export function atLeast(role: TeamRole, minimum: TeamRole): boolean {
  return rank(role) >= rank(minimum);
}

export function requireUser(actor: Actor, action: string): SignedIn {
  if (!actor?.userId) throw new AuthenticationRequiredError(action);
  return actor;
}

/** The actor's role in a team, or null when they are not in it. */
export async function roleIn(tx: Tx, teamId: string, userId: string): Promise<TeamRole | null> {
  const membership = await tx.membership.findUnique({ where: { teamId_userId: { teamId, userId } } });
  return membership?.role ?? null;
}

/**
 * The actor's role if it is at least `minimum`. Outsiders get NotFound for the team itself (a team's existence is
 * not public); members whose role is too low get Forbidden, since they already know the team.
 */
export async function requireRole(
  tx: Tx,
  actor: Actor,
  teamId: string,
  minimum: TeamRole,
  action: string,
): Promise<{ userId: string; role: TeamRole }> {
  const { userId } = requireUser(actor, action);
  const role = await roleIn(tx, teamId, userId);
  if (!role) throw new NotFoundError('team', teamId);
  if (!atLeast(role, minimum)) throw new ForbiddenError(`Only a team ${minimum} or above can ${action}`);
  return { userId, role };
}

/** Authors (member or above) edit their own team content; admins and the owner edit anyone's. */
export function canEditOwnOrAny(role: TeamRole, authorId: string, userId: string): boolean {
  return atLeast(role, 'admin') || (atLeast(role, 'member') && authorId === userId);
}

/** Team ids the user belongs to, for queries that span teams (search, counts). */
export async function teamIdsOf(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx.membership.findMany({ where: { userId }, select: { teamId: true } });
  return rows.map((r) => r.teamId);
}
