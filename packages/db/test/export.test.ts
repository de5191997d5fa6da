import { listDatasets } from '@medsets/catalog';
import { expect, it } from 'vitest';
import { ConflictError } from '../src/errors.ts';
import { exportTeam, importTeam } from '../src/export.ts';
import * as annotations from '../src/services/annotations.ts';
import * as collections from '../src/services/collections.ts';
import * as teams from '../src/services/teams.ts';
import { describeEachDatabase, openTestDb } from './support/databases.ts';
import { makeWorld } from './support/fixtures.ts';

describeEachDatabase('export and import', (get) => {
  it('round-trips a team into an empty database: the second export equals the first', async () => {
    const { db, kind } = get();
    const { teamId, actors, otherMember } = await makeWorld(db);
    const [d1, d2, d3] = listDatasets().map((d) => d.id);
    for (const visibility of ['private', 'team', 'public_link'] as const) {
      const c = await collections.createCollection(db, actors.member, {
        teamId,
        title: `C ${visibility}`,
        slug: `c-${visibility.replace('_', '-')}`,
        description: 'ünïcødé — 日本語',
        visibility,
      });
      await collections.addItem(db, actors.member, { collectionId: c.id, datasetId: d1!, note: 'first' });
      await collections.addItem(db, actors.member, { collectionId: c.id, datasetId: d2! });
    }
    const root = await annotations.createAnnotation(db, actors.member, {
      teamId,
      datasetId: d3!,
      kind: 'quality_flag',
      qualityFlag: 'leakage_risk',
      body: '# Leak\npatients overlap',
      tags: ['split', 'leak'],
      sampleRef: 'case_001',
      region: { x: 1, y: 2, width: 3, height: 4 },
    });
    await annotations.createAnnotation(db, otherMember, {
      teamId,
      datasetId: d3!,
      kind: 'note',
      body: 'reply',
      parentId: root.id,
    });
    const gone = await annotations.createAnnotation(db, actors.admin, {
      teamId,
      datasetId: d1!,
      kind: 'rating',
      rating: 2,
    });
    await annotations.deleteAnnotation(db, actors.admin, { annotationId: gone.id });
    await annotations.updateAnnotation(db, actors.member, { annotationId: root.id, version: 1, body: 'edited' });
    // A former member: their annotation stays, so they travel with the export.
    await teams.removeMember(db, actors.admin, { teamId, userId: otherMember.userId });

    const first = await exportTeam(db, actors.owner, { teamId });
    expect(first.annotations).toHaveLength(3);
    const wire = JSON.parse(JSON.stringify(first));

    const empty = await openTestDb(kind);
    try {
      expect(await empty.db.client.user.count()).toBe(0);
      await importTeam(empty.db, actors.owner, wire);
      const second = await exportTeam(empty.db, actors.owner, { teamId });
      expect(second).toEqual(first);
      // Importing twice is refused rather than merged.
      await expect(importTeam(empty.db, actors.owner, wire)).rejects.toBeInstanceOf(ConflictError);
    } finally {
      await empty.dispose();
    }
  });

  it('rejects malformed exports and unknown catalog ids with the failing field', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const c = await collections.createCollection(db, actors.member, { teamId, title: 'C', slug: 'c' });
    await collections.addItem(db, actors.member, { collectionId: c.id, datasetId: listDatasets()[0]!.id });
    const data = await exportTeam(db, actors.owner, { teamId });
    await expect(importTeam(db, actors.owner, { ...data, format: 'other' })).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'format',
    });
    const bad = structuredClone(data);
    bad.collections[0]!.items[0]!.datasetId = 'no-such-dataset';
    await expect(importTeam(db, actors.owner, bad)).rejects.toMatchObject({ field: 'collections.items.0.datasetId' });
  });
});
