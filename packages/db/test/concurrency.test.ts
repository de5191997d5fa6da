// 20 writers at once. On PostgreSQL they really overlap (a pool of connections, row locks, READ COMMITTED); on
// PGlite transactions queue on one connection, which still checks that the version logic holds under a burst.
import { listDatasets } from '@medsets/catalog';
import { expect, it } from 'vitest';
import { ConflictError } from '../src/errors.ts';
import * as annotations from '../src/services/annotations.ts';
import * as collections from '../src/services/collections.ts';
import { describeEachDatabase } from './support/databases.ts';
import { addMember, makeWorld } from './support/fixtures.ts';

const WRITERS = 20;

describeEachDatabase('20 concurrent writers', (get) => {
  const datasetId = listDatasets()[0]!.id;

  it('editing the same version: exactly one wins, every other writer gets a ConflictError', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const a = await annotations.createAnnotation(db, actors.member, { teamId, datasetId, kind: 'note', body: 'start' });
    const results = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, i) =>
        annotations.updateAnnotation(db, actors.admin, { annotationId: a.id, version: 1, body: `writer ${i}` }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(WRITERS - 1);
    for (const r of lost) expect(r.reason).toBeInstanceOf(ConflictError);
    const final = await annotations.getAnnotation(db, actors.viewer, { annotationId: a.id });
    expect(final.version).toBe(2);
    expect(final.body).toBe((won[0] as PromiseFulfilledResult<{ body: string }>).value.body);
  });

  it('read-modify-write with retry on conflict: no update is lost and every conflict is reported', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const a = await annotations.createAnnotation(db, actors.member, { teamId, datasetId, kind: 'tag', tags: [] });
    let conflicts = 0;
    const writer = async (i: number) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const current = await annotations.getAnnotation(db, actors.admin, { annotationId: a.id });
        try {
          return await annotations.updateAnnotation(db, actors.admin, {
            annotationId: a.id,
            version: current.version,
            tags: [...current.tags, `w${i}`],
          });
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          conflicts++;
        }
      }
      throw new Error(`writer ${i} never got through`);
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i)));
    const final = await annotations.getAnnotation(db, actors.viewer, { annotationId: a.id });
    expect([...final.tags].sort()).toEqual(Array.from({ length: WRITERS }, (_, i) => `w${i}`).sort());
    expect(final.version).toBe(1 + WRITERS);
    const updates = await db.client.auditLog.count({ where: { entityId: a.id, action: 'annotation.update' } });
    expect(updates).toBe(WRITERS);
    if (get().kind === 'postgres') expect(conflicts).toBeGreaterThan(0);
  });

  it('adding items at once: dense positions, no duplicates', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const c = await collections.createCollection(db, actors.member, {
      teamId,
      title: 'Rush',
      slug: 'rush',
      visibility: 'team',
    });
    const ids = listDatasets()
      .slice(0, WRITERS)
      .map((d) => d.id);
    expect(ids).toHaveLength(WRITERS);
    // Half the writers are the creator, half are admins: different people, same collection.
    const admins = [actors.admin, actors.owner, await addMember(db, teamId, 'admin')];
    const added = await Promise.all(
      ids.map((id, i) =>
        collections.addItem(db, i % 2 ? actors.member : admins[i % admins.length], {
          collectionId: c.id,
          datasetId: id,
        }),
      ),
    );
    expect(added.map((i) => i.position).sort((x, y) => x - y)).toEqual(Array.from({ length: WRITERS }, (_, i) => i));
    const stored = await collections.getCollection(db, actors.viewer, { collectionId: c.id });
    expect(new Set(stored.items.map((i) => i.position)).size).toBe(WRITERS);
    expect(new Set(stored.items.map((i) => i.datasetId))).toEqual(new Set(ids));
  });

  it('adding and removing at once keeps positions dense', async () => {
    const { db } = get();
    const { actors } = await makeWorld(db);
    const c = await collections.createCollection(db, actors.member, { title: 'Churn', slug: 'churn' });
    const ids = listDatasets()
      .slice(0, WRITERS)
      .map((d) => d.id);
    const first = [];
    for (const id of ids.slice(0, 10))
      first.push(await collections.addItem(db, actors.member, { collectionId: c.id, datasetId: id }));
    await Promise.all([
      ...first
        .filter((_, i) => i % 2 === 0)
        .map((item) => collections.removeItem(db, actors.member, { itemId: item.id })),
      ...ids.slice(10).map((id) => collections.addItem(db, actors.member, { collectionId: c.id, datasetId: id })),
    ]);
    const stored = await collections.getCollection(db, actors.member, { collectionId: c.id });
    expect(stored.items.map((i) => i.position)).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  it('creating annotations at once loses none', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        annotations.createAnnotation(db, i % 2 ? actors.member : actors.admin, {
          teamId,
          datasetId,
          kind: 'rating',
          rating: (i % 5) + 1,
        }),
      ),
    );
    expect((await annotations.countAnnotations(db, actors.viewer, { datasetId })).rating).toBe(WRITERS);
  });
});
