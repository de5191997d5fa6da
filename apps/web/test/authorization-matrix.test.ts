import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '~/server/root';
import type { SessionUser } from '~/server/trpc';
import { type Caller, openWorld, type World } from './support/world';

/**
 * The authorization matrix at the tRPC layer: every procedure that touches people's data, called as
 * an anonymous visitor, an outsider, and a team viewer, member and admin. `ok` means it succeeded;
 * anything else is the tRPC error code it must fail with.
 */
const ROLES = ['anonymous', 'outsider', 'viewer', 'member', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';
type Row = [anonymous: Outcome, outsider: Outcome, viewer: Outcome, member: Outcome, admin: Outcome];

let world: World;
let owner: Caller;
let ownerId: string;
let users: Record<Exclude<Role, 'anonymous'>, SessionUser>;
let callers: Record<Role, Caller>;
let teamId: string;

/** Fresh resources for one call, created by the team's owner, so destructive calls never share state. */
const fresh = {
  async teamCollection(visibility: 'private' | 'team' | 'public_link' = 'team') {
    const c = await owner.collections.create({ title: 'Lung CT', visibility, teamId });
    const item = await owner.collections.addItem({ collectionId: c.id, datasetId: 'luna16', note: 'start here' });
    await owner.collections.addItem({ collectionId: c.id, datasetId: 'lidc-idri' });
    return { collection: c, item };
  },
  annotation: () => owner.annotations.create({ teamId, datasetId: 'drive', kind: 'note', body: 'Check the masks' }),
  invite: () => owner.teams.createInvite({ teamId, role: 'member', expiresInHours: 24 }),
  async extraMember() {
    const extra = await world.signUp('Extra');
    const { token } = await fresh.invite();
    await world.callerFor(extra).teams.acceptInvite({ token });
    return extra;
  },
  /** A team of its own where `role` has its role, for calls that end a membership. */
  async teamFor(role: Role) {
    const team = await owner.teams.create({ name: 'Scratch' });
    if (role === 'viewer' || role === 'member' || role === 'admin') {
      const { token } = await owner.teams.createInvite({ teamId: team.id, role, expiresInHours: 1 });
      await callers[role].teams.acceptInvite({ token });
    }
    return team.id;
  },
};

const MATRIX: Record<string, { row: Row; call: (c: Caller, role: Role) => Promise<unknown> }> = {
  'session.me': { row: ['ok', 'ok', 'ok', 'ok', 'ok'], call: (c) => c.session.me() },
  'teams.list': { row: ['UNAUTHORIZED', 'ok', 'ok', 'ok', 'ok'], call: (c) => c.teams.list() },
  'teams.create': { row: ['UNAUTHORIZED', 'ok', 'ok', 'ok', 'ok'], call: (c) => c.teams.create({ name: 'Mine' }) },
  'teams.get': { row: ['UNAUTHORIZED', 'NOT_FOUND', 'ok', 'ok', 'ok'], call: (c) => c.teams.get({ teamId }) },
  'teams.rename': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: (c) => c.teams.rename({ teamId, name: 'Radiology lab' }),
  },
  'teams.changeRole': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: async (c) => c.teams.changeRole({ teamId, userId: (await fresh.extraMember()).id, role: 'viewer' }),
  },
  'teams.removeMember': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: async (c) => c.teams.removeMember({ teamId, userId: (await fresh.extraMember()).id }),
  },
  'teams.leave': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'ok', 'ok', 'ok'],
    call: async (c, role) => c.teams.leave({ teamId: await fresh.teamFor(role) }),
  },
  'teams.delete': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
    call: (c) => c.teams.delete({ teamId }),
  },
  'teams.transferOwnership': {
    // Only the owner (not a column here: the matrix's actors act on the owner's team) may hand it over.
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
    call: async (c) => c.teams.transferOwnership({ teamId, toUserId: (await fresh.extraMember()).id }),
  },
  'teams.createInvite': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: (c) => c.teams.createInvite({ teamId, role: 'viewer', expiresInHours: 2 }),
  },
  'teams.listInvites': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: (c) => c.teams.listInvites({ teamId }),
  },
  'teams.revokeInvite': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: async (c) => c.teams.revokeInvite({ inviteId: (await fresh.invite()).invite.id }),
  },
  'teams.acceptInvite': {
    // Members already belong: the invite is refused as a conflict rather than silently changing their role.
    row: ['UNAUTHORIZED', 'ok', 'CONFLICT', 'CONFLICT', 'CONFLICT'],
    call: async (c, role) => {
      // On a scratch team, so the outsider who joins stays an outsider of the main team.
      const scratch = await fresh.teamFor(role);
      const { token } = await owner.teams.createInvite({ teamId: scratch, role: 'member', expiresInHours: 1 });
      return c.teams.acceptInvite({ token });
    },
  },
  'collections.list': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'ok', 'ok', 'ok'],
    call: (c) => c.collections.list({ teamId }),
  },
  'collections.writable': { row: ['UNAUTHORIZED', 'ok', 'ok', 'ok', 'ok'], call: (c) => c.collections.writable() },
  'collections.get': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'ok', 'ok', 'ok'],
    call: async (c) => c.collections.get({ collectionId: (await fresh.teamCollection()).collection.id }),
  },
  'collections.shared': {
    row: ['ok', 'ok', 'ok', 'ok', 'ok'],
    call: async (c) =>
      c.collections.shared({ shareToken: (await fresh.teamCollection('public_link')).collection.shareToken! }),
  },
  'collections.create': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'ok', 'ok'],
    call: (c) => c.collections.create({ title: 'Ours', visibility: 'team', teamId }),
  },
  'collections.update': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: async (c) => {
      const { collection } = await fresh.teamCollection();
      return c.collections.update({ collectionId: collection.id, version: collection.version, title: 'Renamed' });
    },
  },
  'collections.delete': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: async (c) => c.collections.delete({ collectionId: (await fresh.teamCollection()).collection.id }),
  },
  'collections.addItem': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: async (c) =>
      c.collections.addItem({ collectionId: (await fresh.teamCollection()).collection.id, datasetId: 'drive' }),
  },
  'collections.updateItem': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: async (c) => c.collections.updateItem({ itemId: (await fresh.teamCollection()).item.id, note: 'changed' }),
  },
  'collections.removeItem': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: async (c) => c.collections.removeItem({ itemId: (await fresh.teamCollection()).item.id }),
  },
  'collections.moveItem': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: async (c) => c.collections.moveItem({ itemId: (await fresh.teamCollection()).item.id, toPosition: 1 }),
  },
  'collections.export': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'ok', 'ok', 'ok'],
    call: async (c) =>
      c.collections.export({ collectionId: (await fresh.teamCollection()).collection.id, format: 'csv' }),
  },
  'collections.exportShared': {
    row: ['ok', 'ok', 'ok', 'ok', 'ok'],
    call: async (c) =>
      c.collections.exportShared({
        shareToken: (await fresh.teamCollection('public_link')).collection.shareToken!,
        format: 'json',
      }),
  },
  'annotations.forDataset': {
    row: ['UNAUTHORIZED', 'ok', 'ok', 'ok', 'ok'],
    call: (c) => c.annotations.forDataset({ datasetId: 'drive' }),
  },
  'annotations.recent': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'ok', 'ok', 'ok'],
    call: (c) => c.annotations.recent({ teamId, limit: 5 }),
  },
  'annotations.get': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'ok', 'ok', 'ok'],
    call: async (c) => c.annotations.get({ annotationId: (await fresh.annotation()).id }),
  },
  'annotations.create': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'ok', 'ok'],
    call: (c) => c.annotations.create({ teamId, datasetId: 'drive', kind: 'rating', rating: 4 }),
  },
  'annotations.update': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: async (c) => {
      const a = await fresh.annotation();
      return c.annotations.update({ annotationId: a.id, version: a.version, body: 'edited' });
    },
  },
  'annotations.delete': {
    row: ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    call: async (c) => c.annotations.delete({ annotationId: (await fresh.annotation()).id }),
  },
};

async function outcome(promise: Promise<unknown>): Promise<Outcome | string> {
  try {
    await promise;
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

beforeAll(async () => {
  world = await openWorld();
  const ownerUser = await world.signUp('Owner');
  ownerId = ownerUser.id;
  owner = world.callerFor(ownerUser);
  users = {
    outsider: await world.signUp('Outsider'),
    viewer: await world.signUp('Viewer'),
    member: await world.signUp('Member'),
    admin: await world.signUp('Admin'),
  };
  callers = {
    anonymous: world.callerFor(null),
    outsider: world.callerFor(users.outsider),
    viewer: world.callerFor(users.viewer),
    member: world.callerFor(users.member),
    admin: world.callerFor(users.admin),
  };
  teamId = (await owner.teams.create({ name: 'Radiology' })).id;
  for (const role of ['viewer', 'member', 'admin'] as const) {
    const { token } = await owner.teams.createInvite({ teamId, role, expiresInHours: 1 });
    await callers[role].teams.acceptInvite({ token });
  }
}, 120_000);

afterAll(async () => {
  await world?.dispose();
});

describe('tRPC authorization matrix', () => {
  it('covers every procedure outside the public catalog', () => {
    const procedures = Object.keys(appRouter._def.procedures).filter((p) => !p.startsWith('catalog.'));
    expect(procedures.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [name, { row, call }] of Object.entries(MATRIX)) {
    it(`${name}: ${ROLES.map((r, i) => `${r} ${row[i]}`).join(', ')}`, async () => {
      const got: Record<string, string> = {};
      for (const role of ROLES) got[role] = await outcome(call(callers[role], role));
      expect(got).toEqual(Object.fromEntries(ROLES.map((r, i) => [r, row[i]])));
    });
  }
});

describe('what each side sees', () => {
  it('shows teammates each other’s annotations with author names, and outsiders nothing', async () => {
    await callers.member.annotations.create({ teamId, datasetId: 'stare', kind: 'note', body: 'member note' });
    const seenByAdmin = (await callers.admin.annotations.forDataset({ datasetId: 'stare' })).find(
      (t) => t.team.id === teamId,
    );
    expect(seenByAdmin?.annotations.map((a) => [a.body, a.authorName])).toContainEqual(['member note', 'Member']);
    const seenByOutsider = await callers.outsider.annotations.forDataset({ datasetId: 'stare' });
    expect(seenByOutsider.flatMap((t) => t.annotations)).toEqual([]);
  });

  it('lets members edit and delete their own annotations only', async () => {
    const mine = await callers.member.annotations.create({ teamId, datasetId: 'stare', kind: 'note', body: 'mine' });
    const edited = await callers.member.annotations.update({
      annotationId: mine.id,
      version: mine.version,
      body: 'mine, edited',
    });
    expect(edited.version).toBe(mine.version + 1);
    await callers.member.annotations.delete({ annotationId: mine.id });
  });

  it('reports a conflicting edit with the current version instead of overwriting it', async () => {
    const a = await callers.member.annotations.create({ teamId, datasetId: 'stare', kind: 'note', body: 'v1' });
    await callers.admin.annotations.update({ annotationId: a.id, version: a.version, body: 'admin’s edit' });
    const error = await callers.member.annotations
      .update({ annotationId: a.id, version: a.version, body: 'member’s edit' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('CONFLICT');
    expect((await callers.member.annotations.get({ annotationId: a.id })).body).toBe('admin’s edit');
  });

  it('lets the owner rename, hand over and delete a team, and nobody else delete it', async () => {
    const scratch = await fresh.teamFor('admin');
    await callers.admin.teams.rename({ teamId: scratch, name: 'Neuro lab' });
    expect((await owner.teams.get({ teamId: scratch })).team.name).toBe('Neuro lab');

    await owner.teams.transferOwnership({ teamId: scratch, toUserId: users.admin.id });
    const roles = Object.fromEntries(
      (await owner.teams.get({ teamId: scratch })).members.map((m) => [m.userId, m.role]),
    );
    expect(roles).toEqual({ [ownerId]: 'admin', [users.admin.id]: 'owner' });
    // The former owner is an admin now, and admins cannot delete.
    expect(await outcome(owner.teams.delete({ teamId: scratch }))).toBe('FORBIDDEN');
    // Handing it to someone outside the team names the missing member.
    expect(await outcome(callers.admin.teams.transferOwnership({ teamId: scratch, toUserId: users.outsider.id }))).toBe(
      'NOT_FOUND',
    );

    await callers.admin.teams.delete({ teamId: scratch });
    expect(await outcome(owner.teams.get({ teamId: scratch }))).toBe('NOT_FOUND');
    expect((await callers.admin.teams.list()).map((t) => t.id)).not.toContain(scratch);
  });

  it('hides private team collections from members but not from admins', async () => {
    const { collection } = await fresh.teamCollection('private');
    expect((await callers.member.collections.list({ teamId })).map((c) => c.id)).not.toContain(collection.id);
    expect((await callers.admin.collections.list({ teamId })).map((c) => c.id)).toContain(collection.id);
  });

  it('exports a collection in every format', async () => {
    const { collection } = await fresh.teamCollection();
    const json = JSON.parse((await owner.collections.export({ collectionId: collection.id, format: 'json' })).content);
    expect(json.datasets.map((d: { id: string }) => d.id)).toEqual(['luna16', 'lidc-idri']);
    const csv = (await owner.collections.export({ collectionId: collection.id, format: 'csv' })).content;
    expect(csv.split('\r\n')[1]).toContain('"luna16"');
    const bib = (await owner.collections.export({ collectionId: collection.id, format: 'bibtex' })).content;
    expect(bib).toMatch(/@\w+\{/);
    const ts = (await owner.collections.export({ collectionId: collection.id, format: 'ts' })).content;
    expect(ts).toMatch(/loadDataset|None of these datasets/);
  });

  it('refuses malformed input with BAD_REQUEST before any service runs', async () => {
    const error = await callers.admin.collections
      .addItem({ collectionId: 'not-a-uuid', datasetId: 'drive' })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    const unknownDataset = await callers.admin.annotations
      .create({ teamId, datasetId: 'no-such-dataset', kind: 'note', body: 'x' })
      .catch((e: unknown) => e);
    expect((unknownDataset as TRPCError).code).toBe('BAD_REQUEST');
  });
});
