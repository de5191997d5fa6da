import { listDatasets } from '@medsets/catalog';
import { expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../src/errors.ts';
import * as collections from '../src/services/collections.ts';
import { describeEachDatabase } from './support/databases.ts';
import { makeWorld } from './support/fixtures.ts';

describeEachDatabase('collections', (get) => {
  const ids = listDatasets()
    .slice(0, 4)
    .map((d) => d.id);

  it('keeps item positions dense through add, move and remove', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const c = await collections.createCollection(db, actors.member, {
      teamId,
      title: 'Segmentation',
      slug: 'seg',
      visibility: 'team',
    });
    const items = [];
    for (const datasetId of ids)
      items.push(await collections.addItem(db, actors.member, { collectionId: c.id, datasetId, note: datasetId }));
    expect(items.map((i) => i.position)).toEqual([0, 1, 2, 3]);
    const moved = await collections.moveItem(db, actors.member, { itemId: items[3]!.id, toPosition: 0 });
    expect(moved.map((i) => i.datasetId)).toEqual([ids[3], ids[0], ids[1], ids[2]]);
    await collections.removeItem(db, actors.member, { itemId: items[0]!.id });
    const after = await collections.getCollection(db, actors.viewer, { collectionId: c.id });
    expect(after.items.map((i) => [i.position, i.datasetId])).toEqual([
      [0, ids[3]],
      [1, ids[1]],
      [2, ids[2]],
    ]);
    await expect(
      collections.moveItem(db, actors.member, { itemId: items[1]!.id, toPosition: 3 }),
    ).rejects.toMatchObject({ field: 'toPosition' });
  });

  it('a dataset appears once per collection; aliases resolve to the canonical id', async () => {
    const { db } = get();
    const { actors } = await makeWorld(db);
    const d = listDatasets().find((x) => x.aliases.length > 0)!;
    const c = await collections.createCollection(db, actors.member, { title: 'Mine', slug: 'mine' });
    const item = await collections.addItem(db, actors.member, { collectionId: c.id, datasetId: d.aliases[0]! });
    expect(item.datasetId).toBe(d.id);
    await expect(
      collections.addItem(db, actors.member, { collectionId: c.id, datasetId: d.id }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('public links: the token opens the content to anyone, and unpublishing kills the link', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const c = await collections.createCollection(db, actors.member, {
      teamId,
      title: 'Shared',
      slug: 'shared',
      visibility: 'public_link',
    });
    await collections.addItem(db, actors.member, { collectionId: c.id, datasetId: ids[0]!, note: 'start here' });
    const shared = await collections.getSharedCollection(db, null, { shareToken: c.shareToken! });
    expect(shared).toEqual({
      title: 'Shared',
      slug: 'shared',
      description: '',
      items: [{ datasetId: ids[0], note: 'start here', position: 0 }],
    });
    expect(JSON.stringify(shared)).not.toContain(teamId);
    const hidden = await collections.updateCollection(db, actors.member, {
      collectionId: c.id,
      version: c.version,
      visibility: 'team',
    });
    expect(hidden.shareToken).toBeNull();
    await expect(collections.getSharedCollection(db, null, { shareToken: c.shareToken! })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const again = await collections.updateCollection(db, actors.member, {
      collectionId: c.id,
      version: hidden.version,
      visibility: 'public_link',
    });
    expect(again.shareToken).not.toBe(c.shareToken);
  });

  it('updates use optimistic concurrency', async () => {
    const { db } = get();
    const { actors } = await makeWorld(db);
    const c = await collections.createCollection(db, actors.member, { title: 'Mine', slug: 'mine' });
    await collections.updateCollection(db, actors.member, { collectionId: c.id, version: 1, title: 'First' });
    const stale = collections.updateCollection(db, actors.member, { collectionId: c.id, version: 1, title: 'Second' });
    await expect(stale).rejects.toMatchObject({ name: 'ConflictError', currentVersion: 2 });
    expect((await collections.getCollection(db, actors.member, { collectionId: c.id })).title).toBe('First');
  });

  it('listing and search show private collections only to their creator and admins, never to other teams', async () => {
    const { db } = get();
    const { teamId, otherTeamId, actors } = await makeWorld(db);
    await collections.createCollection(db, actors.member, {
      teamId,
      title: 'Kidney draft',
      slug: 'draft',
      visibility: 'private',
    });
    await collections.createCollection(db, actors.member, {
      teamId,
      title: 'Kidney shared',
      slug: 'shared',
      visibility: 'team',
    });
    await collections.createCollection(db, actors.outsider, {
      teamId: otherTeamId,
      title: 'Kidney elsewhere',
      slug: 'x',
      visibility: 'public_link',
    });
    const titles = async (who: keyof typeof actors) =>
      (await collections.searchCollections(db, actors[who], { query: 'kidney' })).map((c) => c.title);
    expect(await titles('member')).toEqual(['Kidney draft', 'Kidney shared']);
    expect(await titles('viewer')).toEqual(['Kidney shared']);
    expect(await titles('admin')).toEqual(['Kidney draft', 'Kidney shared']);
    expect(await titles('outsider')).toEqual(['Kidney elsewhere']);
    expect((await collections.listCollections(db, actors.viewer, { teamId })).map((c) => c.title)).toEqual([
      'Kidney shared',
    ]);
  });

  it('slugs are unique per owner and "team" visibility needs a team', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    await collections.createCollection(db, actors.member, { teamId, title: 'A', slug: 'same' });
    await expect(
      collections.createCollection(db, actors.admin, { teamId, title: 'B', slug: 'same' }),
    ).rejects.toBeInstanceOf(ConflictError);
    await collections.createCollection(db, actors.member, { title: 'Personal', slug: 'same' });
    await expect(
      collections.createCollection(db, actors.member, { title: 'P', slug: 'p2', visibility: 'team' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
