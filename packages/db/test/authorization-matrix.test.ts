// Every service function × every kind of actor → the outcome the rules in the README promise.
import { randomUUID } from 'node:crypto';
import { listDatasets } from '@medsets/catalog';
import { expect, it } from 'vitest';
import type { Actor } from '../src/authorization.ts';
import type { Db } from '../src/client.ts';
import { AuthenticationRequiredError, ConflictError, ForbiddenError, NotFoundError } from '../src/errors.ts';
import { exportTeam, importTeam, type TeamExport } from '../src/export.ts';
import * as annotations from '../src/services/annotations.ts';
import * as collections from '../src/services/collections.ts';
import * as invites from '../src/services/invites.ts';
import * as teams from '../src/services/teams.ts';
import { describeEachDatabase } from './support/databases.ts';
import { makeWorld, PERSONAS, type Persona, type World } from './support/fixtures.ts';

type Outcome = 'ok' | 'forbidden' | 'notfound' | 'unauthenticated' | 'conflict';
type Expectations = Record<Persona, Outcome>;

const ROLE_ORDER = ['viewer', 'member', 'admin', 'owner'] as const;

/** Team-scoped rule: outsiders cannot tell the team exists; members below `minimum` are refused. */
function atLeast(minimum: (typeof ROLE_ORDER)[number]): Expectations {
  const rank = ROLE_ORDER.indexOf(minimum);
  const out = { anonymous: 'unauthenticated', outsider: 'notfound' } as Expectations;
  for (const [i, role] of ROLE_ORDER.entries()) out[role] = i >= rank ? 'ok' : 'forbidden';
  return out;
}
const signedIn: Expectations = {
  anonymous: 'unauthenticated',
  outsider: 'ok',
  viewer: 'ok',
  member: 'ok',
  admin: 'ok',
  owner: 'ok',
};
const everyone: Expectations = { ...signedIn, anonymous: 'ok' };
const only = (allowed: Persona[], otherwise: Outcome, anon: Outcome = 'unauthenticated'): Expectations =>
  Object.fromEntries(
    PERSONAS.map((p) => [p, p === 'anonymous' ? anon : allowed.includes(p) ? 'ok' : otherwise]),
  ) as Expectations;

interface Ctx {
  db: Db;
  world: World;
  dataset: string;
}

interface Case {
  name: string;
  expect: Expectations;
  /** The call; `prep` makes whatever the call acts on, fresh for each actor. */
  run: (actor: Actor, ctx: Ctx) => Promise<unknown>;
  /** Cases that change the team itself get a new world per actor. */
  freshWorld?: boolean;
}

const as = (ctx: Ctx, who: Persona | 'otherMember') =>
  who === 'otherMember' ? ctx.world.otherMember : ctx.world.actors[who];

async function teamCollection(
  ctx: Ctx,
  by: Persona | 'otherMember',
  visibility: 'private' | 'team' | 'public_link' = 'team',
) {
  return collections.createCollection(ctx.db, as(ctx, by), {
    teamId: ctx.world.teamId,
    title: 'Chest X-ray picks',
    slug: `c-${randomUUID().slice(0, 8)}`,
    visibility,
  });
}

async function collectionWithItem(ctx: Ctx, by: Persona | 'otherMember') {
  const collection = await teamCollection(ctx, by);
  const ids = listDatasets()
    .slice(0, 2)
    .map((d) => d.id);
  const items = [];
  for (const datasetId of ids)
    items.push(await collections.addItem(ctx.db, as(ctx, by), { collectionId: collection.id, datasetId }));
  return { collection, item: items[0]! };
}

async function annotation(ctx: Ctx, by: Persona | 'otherMember') {
  return annotations.createAnnotation(ctx.db, as(ctx, by), {
    teamId: ctx.world.teamId,
    datasetId: ctx.dataset,
    kind: 'note',
    body: 'labels look noisy in the test split',
  });
}

/** An export of the world's team re-keyed as a brand-new team, so importing it does not clash. */
async function rekeyedExport(ctx: Ctx): Promise<TeamExport> {
  await annotation(ctx, 'member');
  await collectionWithItem(ctx, 'member');
  const data = await exportTeam(ctx.db, ctx.world.actors.owner, { teamId: ctx.world.teamId });
  const ids = new Map<string, string>();
  const re = (id: string) => {
    if (!ids.has(id)) ids.set(id, randomUUID());
    return ids.get(id)!;
  };
  return {
    ...data,
    team: { ...data.team, id: re(data.team.id), slug: `imported-${randomUUID().slice(0, 8)}` },
    collections: data.collections.map((c) => ({
      ...c,
      id: re(c.id),
      shareToken: c.shareToken ? randomUUID() : null,
      items: c.items.map((i) => ({ ...i, id: re(i.id) })),
    })),
    annotations: data.annotations.map((a) => ({ ...a, id: re(a.id), parentId: a.parentId ? re(a.parentId) : null })),
  };
}

const CASES: Case[] = [
  // teams
  {
    name: 'teams.createTeam',
    expect: signedIn,
    run: (a, c) => teams.createTeam(c.db, a, { name: 'New', slug: `t-${randomUUID().slice(0, 8)}` }),
  },
  {
    name: 'teams.getTeam',
    expect: atLeast('viewer'),
    run: (a, c) => teams.getTeam(c.db, a, { teamId: c.world.teamId }),
  },
  { name: 'teams.listMyTeams', expect: signedIn, run: (a, c) => teams.listMyTeams(c.db, a) },
  {
    name: 'teams.renameTeam',
    expect: atLeast('admin'),
    run: (a, c) => teams.renameTeam(c.db, a, { teamId: c.world.teamId, name: 'Renamed' }),
  },
  {
    name: 'teams.listMembers',
    expect: atLeast('viewer'),
    run: (a, c) => teams.listMembers(c.db, a, { teamId: c.world.teamId }),
  },
  {
    name: 'teams.changeMemberRole (someone else)',
    expect: atLeast('admin'),
    run: (a, c) =>
      teams.changeMemberRole(c.db, a, { teamId: c.world.teamId, userId: c.world.otherMember.userId, role: 'viewer' }),
  },
  {
    name: 'teams.removeMember (someone else)',
    expect: atLeast('admin'),
    freshWorld: true,
    run: (a, c) => teams.removeMember(c.db, a, { teamId: c.world.teamId, userId: c.world.otherMember.userId }),
  },
  {
    name: 'teams.transferOwnership',
    expect: atLeast('owner'),
    freshWorld: true,
    run: (a, c) => teams.transferOwnership(c.db, a, { teamId: c.world.teamId, toUserId: c.world.otherMember.userId }),
  },
  {
    name: 'teams.deleteTeam',
    expect: atLeast('owner'),
    freshWorld: true,
    run: (a, c) => teams.deleteTeam(c.db, a, { teamId: c.world.teamId }),
  },
  {
    name: 'teams.listAuditLog',
    expect: atLeast('admin'),
    run: (a, c) => teams.listAuditLog(c.db, a, { teamId: c.world.teamId }),
  },
  // invites
  {
    name: 'invites.createInvite',
    expect: atLeast('admin'),
    run: (a, c) => invites.createInvite(c.db, a, { teamId: c.world.teamId, role: 'member' }),
  },
  {
    name: 'invites.listInvites',
    expect: atLeast('admin'),
    run: (a, c) => invites.listInvites(c.db, a, { teamId: c.world.teamId }),
  },
  {
    name: 'invites.revokeInvite',
    expect: atLeast('admin'),
    run: async (a, c) => {
      const { invite } = await invites.createInvite(c.db, c.world.actors.owner, {
        teamId: c.world.teamId,
        role: 'viewer',
      });
      return invites.revokeInvite(c.db, a, { inviteId: invite.id });
    },
  },
  {
    name: 'invites.acceptInvite',
    // Members already belong: accepting again is a conflict, not a second membership.
    expect: {
      anonymous: 'unauthenticated',
      outsider: 'ok',
      viewer: 'conflict',
      member: 'conflict',
      admin: 'conflict',
      owner: 'conflict',
    },
    run: async (a, c) => {
      const { token } = await invites.createInvite(c.db, c.world.actors.owner, {
        teamId: c.world.teamId,
        role: 'viewer',
      });
      return invites.acceptInvite(c.db, a, { token });
    },
  },
  // collections
  {
    name: 'collections.createCollection (personal)',
    expect: signedIn,
    run: (a, c) => collections.createCollection(c.db, a, { title: 'Mine', slug: `m-${randomUUID().slice(0, 8)}` }),
  },
  {
    name: 'collections.createCollection (team)',
    expect: atLeast('member'),
    run: (a, c) =>
      teamCollection(c, 'member').then(() =>
        collections.createCollection(c.db, a, {
          teamId: c.world.teamId,
          title: 'T',
          slug: `t-${randomUUID().slice(0, 8)}`,
        }),
      ),
  },
  {
    name: 'collections.getCollection (team-visible)',
    expect: atLeast('viewer'),
    run: async (a, c) =>
      collections.getCollection(c.db, a, { collectionId: (await teamCollection(c, 'otherMember')).id }),
  },
  {
    name: "collections.getCollection (someone else's private team collection)",
    expect: { ...atLeast('admin'), viewer: 'notfound', member: 'notfound' },
    run: async (a, c) =>
      collections.getCollection(c.db, a, { collectionId: (await teamCollection(c, 'otherMember', 'private')).id }),
  },
  {
    name: 'collections.getCollection (public-by-link, by id)',
    // The link is the token; knowing an id gives outsiders nothing.
    expect: atLeast('viewer'),
    run: async (a, c) =>
      collections.getCollection(c.db, a, { collectionId: (await teamCollection(c, 'otherMember', 'public_link')).id }),
  },
  {
    name: "collections.getCollection (a member's personal collection)",
    expect: only(['member'], 'notfound'),
    run: async (a, c) => {
      const mine = await collections.createCollection(c.db, c.world.actors.member, {
        title: 'Mine',
        slug: `p-${randomUUID().slice(0, 8)}`,
      });
      return collections.getCollection(c.db, a, { collectionId: mine.id });
    },
  },
  {
    name: 'collections.getSharedCollection',
    expect: everyone,
    run: async (a, c) =>
      collections.getSharedCollection(c.db, a, {
        shareToken: (await teamCollection(c, 'otherMember', 'public_link')).shareToken!,
      }),
  },
  {
    name: 'collections.listCollections (team)',
    expect: atLeast('viewer'),
    run: (a, c) => collections.listCollections(c.db, a, { teamId: c.world.teamId }),
  },
  {
    name: 'collections.listCollections (personal)',
    expect: signedIn,
    run: (a, c) => collections.listCollections(c.db, a, {}),
  },
  {
    name: 'collections.searchCollections',
    expect: signedIn,
    run: (a, c) => collections.searchCollections(c.db, a, { query: 'chest' }),
  },
  {
    name: "collections.updateCollection (someone else's)",
    expect: atLeast('admin'),
    run: async (a, c) => {
      const col = await teamCollection(c, 'otherMember');
      return collections.updateCollection(c.db, a, { collectionId: col.id, version: col.version, title: 'Edited' });
    },
  },
  {
    name: "collections.updateCollection (the member's own)",
    expect: atLeast('member'),
    run: async (a, c) => {
      const col = await teamCollection(c, 'member');
      return collections.updateCollection(c.db, a, { collectionId: col.id, version: col.version, title: 'Edited' });
    },
  },
  {
    name: "collections.deleteCollection (someone else's)",
    expect: atLeast('admin'),
    run: async (a, c) =>
      collections.deleteCollection(c.db, a, { collectionId: (await teamCollection(c, 'otherMember')).id }),
  },
  {
    name: "collections.addItem (the member's own collection)",
    expect: atLeast('member'),
    run: async (a, c) =>
      collections.addItem(c.db, a, { collectionId: (await teamCollection(c, 'member')).id, datasetId: c.dataset }),
  },
  {
    name: "collections.updateItem (someone else's)",
    expect: atLeast('admin'),
    run: async (a, c) =>
      collections.updateItem(c.db, a, { itemId: (await collectionWithItem(c, 'otherMember')).item.id, note: 'x' }),
  },
  {
    name: "collections.moveItem (someone else's)",
    expect: atLeast('admin'),
    run: async (a, c) =>
      collections.moveItem(c.db, a, { itemId: (await collectionWithItem(c, 'otherMember')).item.id, toPosition: 1 }),
  },
  {
    name: "collections.removeItem (someone else's)",
    expect: atLeast('admin'),
    run: async (a, c) =>
      collections.removeItem(c.db, a, { itemId: (await collectionWithItem(c, 'otherMember')).item.id }),
  },
  // annotations
  {
    name: 'annotations.createAnnotation',
    expect: atLeast('member'),
    run: (a, c) =>
      annotations.createAnnotation(c.db, a, {
        teamId: c.world.teamId,
        datasetId: c.dataset,
        kind: 'rating',
        rating: 4,
      }),
  },
  {
    name: 'annotations.createAnnotation (reply)',
    expect: atLeast('member'),
    run: async (a, c) =>
      annotations.createAnnotation(c.db, a, {
        teamId: c.world.teamId,
        datasetId: c.dataset,
        kind: 'note',
        body: 'agreed',
        parentId: (await annotation(c, 'otherMember')).id,
      }),
  },
  {
    name: 'annotations.getAnnotation',
    expect: atLeast('viewer'),
    run: async (a, c) => annotations.getAnnotation(c.db, a, { annotationId: (await annotation(c, 'otherMember')).id }),
  },
  {
    name: 'annotations.listAnnotations',
    expect: atLeast('viewer'),
    run: (a, c) => annotations.listAnnotations(c.db, a, { teamId: c.world.teamId }),
  },
  {
    name: 'annotations.searchAnnotations',
    expect: signedIn,
    run: (a, c) => annotations.searchAnnotations(c.db, a, { query: 'noisy' }),
  },
  {
    name: 'annotations.countAnnotations',
    expect: signedIn,
    run: (a, c) => annotations.countAnnotations(c.db, a, { datasetId: c.dataset }),
  },
  {
    name: "annotations.updateAnnotation (the member's own)",
    expect: atLeast('member'),
    run: async (a, c) => {
      const mine = await annotation(c, 'member');
      return annotations.updateAnnotation(c.db, a, { annotationId: mine.id, version: mine.version, body: 'edited' });
    },
  },
  {
    name: "annotations.updateAnnotation (someone else's)",
    expect: atLeast('admin'),
    run: async (a, c) => {
      const theirs = await annotation(c, 'otherMember');
      return annotations.updateAnnotation(c.db, a, {
        annotationId: theirs.id,
        version: theirs.version,
        body: 'edited',
      });
    },
  },
  {
    name: "annotations.deleteAnnotation (someone else's)",
    expect: atLeast('admin'),
    run: async (a, c) =>
      annotations.deleteAnnotation(c.db, a, { annotationId: (await annotation(c, 'otherMember')).id }),
  },
  // export / import
  { name: 'exportTeam', expect: atLeast('admin'), run: (a, c) => exportTeam(c.db, a, { teamId: c.world.teamId }) },
  {
    name: 'importTeam',
    // Only the owner named in the export may restore it; for everyone else the team is not theirs.
    expect: only(['owner'], 'forbidden'),
    run: async (a, c) => importTeam(c.db, a, await rekeyedExport(c)),
  },
];

function outcomeOf(error: unknown): Outcome {
  if (error instanceof AuthenticationRequiredError) return 'unauthenticated';
  if (error instanceof ForbiddenError) return 'forbidden';
  if (error instanceof NotFoundError) return 'notfound';
  if (error instanceof ConflictError) return 'conflict';
  throw error;
}

describeEachDatabase('authorization matrix', (get) => {
  it('covers every exported service function', () => {
    const exported = [
      ...Object.entries(teams).map(([k, v]) => ['teams', k, v] as const),
      ...Object.entries(invites).map(([k, v]) => ['invites', k, v] as const),
      ...Object.entries(collections).map(([k, v]) => ['collections', k, v] as const),
      ...Object.entries(annotations).map(([k, v]) => ['annotations', k, v] as const),
    ]
      .filter(([, , v]) => typeof v === 'function')
      .map(([m, k]) => `${m}.${k}`);
    const covered = new Set(CASES.map((c) => c.name.split(' ')[0]));
    expect(exported.filter((name) => !covered.has(name))).toEqual([]);
  });

  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const { db } = get();
      const dataset = listDatasets()[0]!.id;
      let world = await makeWorld(db);
      const got = {} as Expectations;
      for (const persona of PERSONAS) {
        if (testCase.freshWorld && persona !== PERSONAS[0]) world = await makeWorld(db);
        const ctx = { db, world, dataset };
        got[persona] = await testCase.run(world.actors[persona], ctx).then(
          () => 'ok' as const,
          (error) => outcomeOf(error),
        );
      }
      expect(got).toEqual(testCase.expect);
    });
  }
});
