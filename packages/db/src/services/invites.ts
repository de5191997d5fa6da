import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { type Actor, requireRole, requireUser } from '../authorization.ts';
import type { Db } from '../client.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Invite, Membership } from '../generated/prisma/client.ts';
import { inTransaction } from '../transactions.ts';
import { idSchema, parseInput, text } from '../validation.ts';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** What callers see of an invite: never the token hash. */
export type InviteView = Omit<Invite, 'tokenHash'>;
const view = ({ tokenHash: _, ...rest }: Invite): InviteView => rest;

export const createInviteInput = z.strictObject({
  teamId: idSchema,
  role: z.enum(['admin', 'member', 'viewer']),
  email: z.email().max(254).optional(),
  /** Lifetime; a week by default, at most 30 days. */
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24 * 7),
});

/** Admins invite; the token is returned once and only its hash is stored. */
export async function createInvite(
  db: Db,
  actor: Actor,
  input: z.input<typeof createInviteInput>,
): Promise<{ invite: InviteView; token: string }> {
  const { teamId, role, email, expiresInHours } = parseInput(createInviteInput, input);
  return inTransaction(db, async (tx) => {
    const { userId } = await requireRole(tx, actor, teamId, 'admin', 'invite people');
    const token = randomBytes(32).toString('base64url');
    const invite = await tx.invite.create({
      data: {
        teamId,
        role,
        email: email ?? null,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + expiresInHours * 3_600_000),
        createdById: userId,
      },
    });
    await audit(tx, {
      actorId: userId,
      teamId,
      action: 'invite.create',
      entity: 'invite',
      entityId: invite.id,
      after: { role, email },
    });
    return { invite: view(invite), token };
  });
}

export const listInvitesInput = z.strictObject({ teamId: idSchema });

export async function listInvites(
  db: Db,
  actor: Actor,
  input: z.input<typeof listInvitesInput>,
): Promise<InviteView[]> {
  const { teamId } = parseInput(listInvitesInput, input);
  await requireRole(db.client, actor, teamId, 'admin', 'see invites');
  const invites = await db.client.invite.findMany({ where: { teamId }, orderBy: { createdAt: 'desc' } });
  return invites.map(view);
}

export const revokeInviteInput = z.strictObject({ inviteId: idSchema });

export async function revokeInvite(db: Db, actor: Actor, input: z.input<typeof revokeInviteInput>): Promise<void> {
  const { inviteId } = parseInput(revokeInviteInput, input);
  await inTransaction(db, async (tx) => {
    requireUser(actor, 'revoke an invite');
    const invite = await tx.invite.findUnique({ where: { id: inviteId } });
    // An invite of a team the actor is not in is reported exactly like a missing one.
    if (!invite) throw new NotFoundError('invite', inviteId);
    const { userId } = await requireRole(tx, actor, invite.teamId, 'admin', 'revoke invites').catch((e) => {
      throw e instanceof NotFoundError ? new NotFoundError('invite', inviteId) : e;
    });
    const revoked = await tx.invite.updateMany({
      where: { id: inviteId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (!revoked.count) throw new ConflictError(`Invite "${inviteId}" was already used or revoked`);
    await audit(tx, {
      actorId: userId,
      teamId: invite.teamId,
      action: 'invite.revoke',
      entity: 'invite',
      entityId: inviteId,
    });
  });
}

export const acceptInviteInput = z.strictObject({ token: text().min(16).max(200) });

/**
 * Joins the invite's team. Single use is enforced by a conditional update, so two people racing with the same
 * token cannot both get in.
 */
export async function acceptInvite(
  db: Db,
  actor: Actor,
  input: z.input<typeof acceptInviteInput>,
): Promise<Membership> {
  const { token } = parseInput(acceptInviteInput, input);
  const { userId } = requireUser(actor, 'accept an invite');
  return inTransaction(db, async (tx) => {
    const invite = await tx.invite.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!invite) throw new NotFoundError('invite', 'for this token');
    const now = new Date();
    const claimed = await tx.invite.updateMany({
      where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, acceptedById: userId },
    });
    if (!claimed.count) {
      const why = invite.revokedAt ? 'was revoked' : invite.acceptedAt ? 'was already used' : 'has expired';
      throw new ConflictError(`This invite ${why}`);
    }
    const existing = await tx.membership.findUnique({ where: { teamId_userId: { teamId: invite.teamId, userId } } });
    if (existing) throw new ConflictError('You are already a member of this team');
    const membership = await tx.membership.create({ data: { teamId: invite.teamId, userId, role: invite.role } });
    await audit(tx, {
      actorId: userId,
      teamId: invite.teamId,
      action: 'invite.accept',
      entity: 'membership',
      entityId: membership.id,
      after: { role: invite.role },
    });
    return membership;
  });
}
