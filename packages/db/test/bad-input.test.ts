import { listDatasets } from '@medsets/catalog';
import { expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../src/errors.ts';
import * as annotations from '../src/services/annotations.ts';
import * as collections from '../src/services/collections.ts';
import * as teams from '../src/services/teams.ts';
import { LIMITS } from '../src/validation.ts';
import { describeEachDatabase } from './support/databases.ts';
import { makeWorld } from './support/fixtures.ts';

const SQLISH = [
  `'); DROP TABLE "annotation"; --`,
  `Robert'); DELETE FROM collection WHERE ('1'='1`,
  `1 OR 1=1; SELECT pg_sleep(5); --`,
  `$1 $$ \\x00 %_ \\' "quoted"`,
];

describeEachDatabase('bad input', (get) => {
  const datasetId = listDatasets()[0]!.id;

  it('overlong text is a ValidationError naming the field', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const long = 'x'.repeat(LIMITS.body + 1);
    await expect(
      annotations.createAnnotation(db, actors.member, { teamId, datasetId, kind: 'note', body: long }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'body' });
    await expect(
      collections.createCollection(db, actors.member, { title: 'y'.repeat(LIMITS.title + 1), slug: 's' }),
    ).rejects.toMatchObject({ field: 'title' });
    await expect(
      annotations.createAnnotation(db, actors.member, {
        teamId,
        datasetId,
        kind: 'tag',
        tags: Array.from({ length: LIMITS.tags + 1 }, (_, i) => `t${i}`),
      }),
    ).rejects.toMatchObject({ field: 'tags' });
    await expect(
      annotations.createAnnotation(db, actors.member, { teamId, datasetId, kind: 'note', body: 'nul\u0000byte' }),
    ).rejects.toMatchObject({ field: 'body' });
  });

  it('invalid ids are ValidationErrors; well-formed unknown ids are NotFound', async () => {
    const { db } = get();
    const { actors } = await makeWorld(db);
    for (const id of ['', 'not-a-uuid', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g']) {
      const error = await teams.getTeam(db, actors.owner, { teamId: id }).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe('teamId');
      expect(error.message).toMatch(/teamId/);
    }
    await expect(teams.getTeam(db, actors.owner, { teamId: crypto.randomUUID() })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      teams.getTeam(db, actors.owner, { teamId: crypto.randomUUID(), extra: 1 } as never),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('unknown catalog dataset ids are rejected, with suggestions for near misses', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const c = await collections.createCollection(db, actors.member, { teamId, title: 'C', slug: 'c' });
    await expect(
      collections.addItem(db, actors.member, { collectionId: c.id, datasetId: 'definitely-not-a-dataset' }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'datasetId' });
    const nearMiss = `${datasetId}x`;
    await expect(
      annotations.createAnnotation(db, actors.member, { teamId, datasetId: nearMiss, kind: 'note' }),
    ).rejects.toThrow(new RegExp(`did you mean "${datasetId}"`));
    expect(await db.client.collectionItem.count({ where: { collectionId: c.id } })).toBe(0);
  });

  it('SQL-looking strings are stored verbatim and harmless', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const before = await db.client.collection.count();
    for (const s of SQLISH) {
      const a = await annotations.createAnnotation(db, actors.member, {
        teamId,
        datasetId,
        kind: 'note',
        body: s,
        sampleRef: s,
      });
      expect((await annotations.getAnnotation(db, actors.viewer, { annotationId: a.id })).body).toBe(s);
      const c = await collections.createCollection(db, actors.member, {
        teamId,
        title: s,
        slug: `s-${SQLISH.indexOf(s)}`,
        description: s,
        visibility: 'team',
      });
      expect((await collections.getCollection(db, actors.viewer, { collectionId: c.id })).title).toBe(s);
    }
    expect(await db.client.collection.count()).toBe(before + SQLISH.length);
    // Search terms are data too: LIKE wildcards in a query match themselves, not everything.
    const hits = await annotations.searchAnnotations(db, actors.owner, { query: '%_' });
    expect(hits.map((h) => h.body)).toEqual([SQLISH[3]]);
    expect((await annotations.searchAnnotations(db, actors.owner, { query: "' OR '1'='1" })).length).toBe(0);
  });
});
