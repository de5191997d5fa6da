import { listDatasets } from '@medsets/catalog';
import { expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../src/errors.ts';
import * as annotations from '../src/services/annotations.ts';
import { describeEachDatabase } from './support/databases.ts';
import { makeWorld } from './support/fixtures.ts';

describeEachDatabase('annotations', (get) => {
  const [first, second] = listDatasets();
  const datasetId = first!.id;

  it('a stale version is a ConflictError carrying the current version; nothing is overwritten', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const created = await annotations.createAnnotation(db, actors.member, {
      teamId,
      datasetId,
      kind: 'note',
      body: 'v1',
    });
    const edited = await annotations.updateAnnotation(db, actors.member, {
      annotationId: created.id,
      version: 1,
      body: 'v2 by member',
    });
    expect(edited.version).toBe(2);
    const stale = annotations.updateAnnotation(db, actors.admin, {
      annotationId: created.id,
      version: 1,
      body: 'v2 by admin',
    });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({
      currentVersion: 2,
      message: expect.stringMatching(/reload and retry/),
    });
    const now = await annotations.getAnnotation(db, actors.viewer, { annotationId: created.id });
    expect(now).toMatchObject({ body: 'v2 by member', version: 2 });
  });

  it('soft delete hides the annotation from every read but keeps the row', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const a = await annotations.createAnnotation(db, actors.member, {
      teamId,
      datasetId,
      kind: 'tag',
      tags: ['leakage'],
    });
    await annotations.deleteAnnotation(db, actors.member, { annotationId: a.id, version: 1 });
    await expect(annotations.getAnnotation(db, actors.owner, { annotationId: a.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await annotations.listAnnotations(db, actors.owner, { teamId })).toEqual([]);
    expect((await annotations.countAnnotations(db, actors.owner, { datasetId })).tag).toBe(0);
    const row = await db.client.annotation.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.deletedAt).toBeInstanceOf(Date);
    await expect(
      annotations.updateAnnotation(db, actors.member, { annotationId: a.id, version: 2, body: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('threads replies on the same dataset and refuses a parent from another dataset or team', async () => {
    const { db } = get();
    const { teamId, otherTeamId, actors } = await makeWorld(db);
    const root = await annotations.createAnnotation(db, actors.member, {
      teamId,
      datasetId,
      kind: 'quality_flag',
      qualityFlag: 'label_noise',
      body: '**many** mislabeled',
    });
    const reply = await annotations.createAnnotation(db, actors.admin, {
      teamId,
      datasetId,
      kind: 'note',
      body: 'confirmed',
      parentId: root.id,
    });
    expect(reply.parentId).toBe(root.id);
    await expect(
      annotations.createAnnotation(db, actors.admin, {
        teamId,
        datasetId: second!.id,
        kind: 'note',
        parentId: root.id,
      }),
    ).rejects.toMatchObject({ field: 'parentId' });
    const foreign = await annotations.createAnnotation(db, actors.outsider, {
      teamId: otherTeamId,
      datasetId,
      kind: 'note',
      body: 'theirs',
    });
    await expect(
      annotations.createAnnotation(db, actors.member, { teamId, datasetId, kind: 'note', parentId: foreign.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('each kind carries its own payload: rating 1–5, flags from the list', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const rating = await annotations.createAnnotation(db, actors.member, {
      teamId,
      datasetId,
      kind: 'rating',
      rating: 5,
    });
    expect(rating.rating).toBe(5);
    for (const bad of [
      { kind: 'rating', rating: 6 },
      { kind: 'rating' },
      { kind: 'quality_flag', qualityFlag: 'blurry' },
      { kind: 'note', rating: 3 },
    ]) {
      await expect(
        annotations.createAnnotation(db, actors.member, { teamId, datasetId, ...(bad as { kind: 'note' }) }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(
      annotations.updateAnnotation(db, actors.member, {
        annotationId: rating.id,
        version: 1,
        qualityFlag: 'broken_link',
      }),
    ).rejects.toMatchObject({ field: 'qualityFlag' });
  });

  it('keeps an optional sample and region for image-level annotations', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const region = { x: 10, y: 20, width: 64, height: 32 };
    const a = await annotations.createAnnotation(db, actors.member, {
      teamId,
      datasetId,
      kind: 'note',
      sampleRef: 'images/0001.png',
      region,
    });
    expect(a).toMatchObject({ sampleRef: 'images/0001.png', region });
    const cleared = await annotations.updateAnnotation(db, actors.member, {
      annotationId: a.id,
      version: 1,
      region: null,
    });
    expect(cleared.region).toBeNull();
  });

  it('search, counts, lists and errors never reveal another team', async () => {
    const { db } = get();
    const { teamId, otherTeamId, actors } = await makeWorld(db);
    const secret = await annotations.createAnnotation(db, actors.outsider, {
      teamId: otherTeamId,
      datasetId,
      kind: 'note',
      body: 'zebra-secret finding',
    });
    await annotations.createAnnotation(db, actors.member, {
      teamId,
      datasetId,
      kind: 'note',
      body: 'ours: zebra-public',
    });
    const found = await annotations.searchAnnotations(db, actors.owner, { query: 'zebra' });
    expect(found.map((a) => a.body)).toEqual(['ours: zebra-public']);
    expect((await annotations.countAnnotations(db, actors.owner, { datasetId })).note).toBe(1);
    expect((await annotations.countAnnotations(db, actors.outsider, { datasetId })).note).toBe(1);
    // A real id of another team's annotation and a made-up id fail identically.
    const real = await annotations.getAnnotation(db, actors.owner, { annotationId: secret.id }).catch((e) => e);
    const fake = await annotations
      .getAnnotation(db, actors.owner, { annotationId: '00000000-0000-4000-8000-000000000000' })
      .catch((e) => e);
    expect(real).toBeInstanceOf(NotFoundError);
    expect(fake.constructor).toBe(real.constructor);
    expect(real.message.replace(secret.id, 'ID')).toBe(
      fake.message.replace('00000000-0000-4000-8000-000000000000', 'ID'),
    );
    expect(real.message).not.toMatch(/zebra|Other lab/);
  });

  it('writes an audit entry for every change, in the same transaction', async () => {
    const { db } = get();
    const { teamId, actors } = await makeWorld(db);
    const a = await annotations.createAnnotation(db, actors.member, { teamId, datasetId, kind: 'note', body: 'one' });
    await annotations.updateAnnotation(db, actors.member, { annotationId: a.id, version: 1, body: 'two' });
    await annotations
      .updateAnnotation(db, actors.member, { annotationId: a.id, version: 1, body: 'lost' })
      .catch(() => {});
    const log = await db.client.auditLog.findMany({ where: { entityId: a.id }, orderBy: { createdAt: 'asc' } });
    expect(log.map((l) => [l.action, l.actorId])).toEqual([
      ['annotation.create', actors.member!.userId],
      ['annotation.update', actors.member!.userId],
    ]);
    expect(log[1]).toMatchObject({
      before: expect.objectContaining({ body: 'one' }),
      after: expect.objectContaining({ body: 'two' }),
    });
  });
});
