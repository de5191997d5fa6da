import { expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '../src/errors.ts';
import * as invites from '../src/services/invites.ts';
import * as teams from '../src/services/teams.ts';
import { describeEachDatabase } from './support/databases.ts';
import { makeUser, makeWorld } from './support/fixtures.ts';

describeEachDatabase('teams and invites', (get) => {
  it('an invite is single-use, stored hashed, and gives the invited role', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const { invite, token } = await invites.createInvite(db, actors.admin, { teamId, role: 'member' });
    expect(invite).not.toHaveProperty('tokenHash');
    const row = await db.client.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.tokenHash).not.toContain(token);
    const newcomer = await makeUser(db, 'newcomer');
    const late = await makeUser(db, 'late');
    // Two people racing with the same token: exactly one gets in.
    const results = await Promise.allSettled([
      invites.acceptInvite(db, newcomer, { token }),
      invites.acceptInvite(db, late, { token }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
    expect(
      await db.client.membership.count({ where: { teamId, userId: { in: [newcomer.userId, late.userId] } } }),
    ).toBe(1);
  });

  it('expired, revoked and unknown tokens are refused with the reason', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const user = await makeUser(db);
    const { invite, token } = await invites.createInvite(db, actors.owner, { teamId, role: 'viewer' });
    await db.client.invite.update({ where: { id: invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(invites.acceptInvite(db, user, { token })).rejects.toThrow(/expired/);
    const second = await invites.createInvite(db, actors.owner, { teamId, role: 'viewer' });
    await invites.revokeInvite(db, actors.admin, { inviteId: second.invite.id });
    await expect(invites.acceptInvite(db, user, { token: second.token })).rejects.toThrow(/revoked/);
    await expect(invites.acceptInvite(db, user, { token: 'x'.repeat(43) })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('ownership moves only by transfer; the owner cannot be demoted or removed', async () => {
    const { db } = get();
    const { teamId, actors, otherMember } = await makeWorld(db);
    await expect(
      teams.changeMemberRole(db, actors.admin, { teamId, userId: actors.owner!.userId, role: 'viewer' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(teams.removeMember(db, actors.admin, { teamId, userId: actors.owner!.userId })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await teams.transferOwnership(db, actors.owner, { teamId, toUserId: otherMember.userId });
    const roles = Object.fromEntries(
      (await teams.listMembers(db, actors.viewer, { teamId })).map((m) => [m.userId, m.role]),
    );
    expect(roles[otherMember.userId]).toBe('owner');
    expect(roles[actors.owner!.userId]).toBe('admin');
    expect(Object.values(roles).filter((r) => r === 'owner')).toHaveLength(1);
  });

  it('members can leave; deleting the team takes its content with it', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    await teams.removeMember(db, actors.viewer, { teamId, userId: actors.viewer!.userId });
    await expect(teams.getTeam(db, actors.viewer, { teamId })).rejects.toBeInstanceOf(NotFoundError);
    await teams.deleteTeam(db, actors.owner, { teamId });
    expect(await db.client.membership.count({ where: { teamId } })).toBe(0);
    const log = await db.client.auditLog.findFirst({ where: { entityId: teamId, action: 'team.delete' } });
    expect(log?.actorId).toBe(actors.owner!.userId);
  });
});
