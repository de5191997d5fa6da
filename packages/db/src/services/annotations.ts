import { z } from 'zod';
import { audit } from '../audit.ts';
import { type Actor, canEditOwnOrAny, requireRole, requireUser, type Tx, teamIdsOf } from '../authorization.ts';
import { catalogDatasetId } from '../catalog-refs.ts';
import type { Db } from '../client.ts';
import { ForbiddenError, NotFoundError, staleVersionError, ValidationError } from '../errors.ts';
import { type Annotation, Prisma } from '../generated/prisma/client.ts';
import { inTransaction } from '../transactions.ts';
import { idSchema, LIMITS, likeLiteral, parseInput, text, versionSchema } from '../validation.ts';

export const QUALITY_FLAGS = ['label_noise', 'broken_link', 'license_issue', 'leakage_risk'] as const;

const tagsSchema = z
  .array(
    text()
      .trim()
      .min(1)
      .max(LIMITS.tag)
      .regex(/^[^\s,]+$/, 'tags have no spaces or commas'),
  )
  .max(LIMITS.tags)
  .transform((tags) => [...new Set(tags)]);

/** A rectangle in pixel coordinates of a sample, kept open for later image-level annotations. */
const regionSchema = z.strictObject({
  x: z.number().min(0),
  y: z.number().min(0),
  width: z.number().positive(),
  height: z.number().positive(),
  z: z.number().int().min(0).optional(),
});

const contentShape = {
  body: text().max(LIMITS.body).default(''),
  tags: tagsSchema.default([]),
  sampleRef: text().min(1).max(LIMITS.sampleRef).nullable().default(null),
  region: regionSchema.nullable().default(null),
};

/** Each kind carries exactly its own payload, so a rating without a score or a flag without a type cannot exist. */
const kindSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('note') }),
  z.strictObject({ kind: z.literal('tag') }),
  z.strictObject({ kind: z.literal('quality_flag'), qualityFlag: z.enum(QUALITY_FLAGS) }),
  z.strictObject({ kind: z.literal('rating'), rating: z.number().int().min(1).max(5) }),
]);

export const createAnnotationInput = z
  .strictObject({
    teamId: idSchema,
    datasetId: text().min(1).max(200),
    parentId: idSchema.nullable().default(null),
    kind: z.enum(['note', 'tag', 'quality_flag', 'rating']),
    qualityFlag: z.enum(QUALITY_FLAGS).optional(),
    rating: z.number().int().min(1).max(5).optional(),
    ...contentShape,
  })
  .superRefine((value, ctx) => {
    const { kind, qualityFlag, rating } = value;
    const parsed = kindSchema.safeParse(
      Object.fromEntries(Object.entries({ kind, qualityFlag, rating }).filter(([, v]) => v !== undefined)),
    );
    for (const issue of parsed.error?.issues ?? [])
      ctx.addIssue({ ...issue, code: 'custom', message: `${issue.message} for kind "${kind}"` });
  });

export async function createAnnotation(
  db: Db,
  actor: Actor,
  input: z.input<typeof createAnnotationInput>,
): Promise<Annotation> {
  const data = parseInput(createAnnotationInput, input);
  const datasetId = catalogDatasetId(data.datasetId);
  return inTransaction(db, async (tx) => {
    const { userId } = await requireRole(tx, actor, data.teamId, 'member', 'annotate');
    if (data.parentId) {
      const parent = await tx.annotation.findUnique({ where: { id: data.parentId } });
      // A parent in another team is indistinguishable from a missing one.
      if (!parent || parent.teamId !== data.teamId || parent.deletedAt)
        throw new NotFoundError('annotation', data.parentId);
      if (parent.datasetId !== datasetId) throw new ValidationError('parentId', 'a reply must be on the same dataset');
    }
    const annotation = await tx.annotation.create({
      data: {
        ...data,
        datasetId,
        authorId: userId,
        qualityFlag: data.qualityFlag ?? null,
        rating: data.rating ?? null,
        region: data.region ?? undefined,
      },
    });
    await audit(tx, {
      actorId: userId,
      teamId: data.teamId,
      action: 'annotation.create',
      entity: 'annotation',
      entityId: annotation.id,
      after: annotation,
    });
    return annotation;
  });
}

/** An annotation the actor may read (viewer or above in its team); anything else is "not found". */
async function readable(tx: Tx, actor: Actor, annotationId: string) {
  requireUser(actor, 'read annotations');
  const annotation = await tx.annotation.findUnique({ where: { id: annotationId } });
  if (!annotation || annotation.deletedAt) throw new NotFoundError('annotation', annotationId);
  const access = await requireRole(tx, actor, annotation.teamId, 'viewer', 'read annotations').catch((e) => {
    throw e instanceof NotFoundError ? new NotFoundError('annotation', annotationId) : e;
  });
  return { annotation, ...access };
}

async function editable(tx: Tx, actor: Actor, annotationId: string) {
  const access = await readable(tx, actor, annotationId);
  if (!canEditOwnOrAny(access.role, access.annotation.authorId, access.userId)) {
    throw new ForbiddenError(`You cannot change annotation "${annotationId}"`);
  }
  return access;
}

export const annotationRefInput = z.strictObject({ annotationId: idSchema });

export async function getAnnotation(
  db: Db,
  actor: Actor,
  input: z.input<typeof annotationRefInput>,
): Promise<Annotation> {
  const { annotationId } = parseInput(annotationRefInput, input);
  return (await readable(db.client, actor, annotationId)).annotation;
}

export const listAnnotationsInput = z.strictObject({
  teamId: idSchema,
  datasetId: text().min(1).max(200).optional(),
  kind: z.enum(['note', 'tag', 'quality_flag', 'rating']).optional(),
  tag: text().max(LIMITS.tag).optional(),
});

/** A team's live annotations, oldest first so threads read top to bottom. */
export async function listAnnotations(
  db: Db,
  actor: Actor,
  input: z.input<typeof listAnnotationsInput>,
): Promise<Annotation[]> {
  const { teamId, datasetId, kind, tag } = parseInput(listAnnotationsInput, input);
  await requireRole(db.client, actor, teamId, 'viewer', 'read annotations');
  const where: Prisma.AnnotationWhereInput = { teamId, deletedAt: null };
  if (datasetId) where.datasetId = catalogDatasetId(datasetId);
  if (kind) where.kind = kind;
  if (tag) where.tags = { has: tag };
  return db.client.annotation.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

export const searchAnnotationsInput = z.strictObject({ query: text().trim().min(1).max(LIMITS.query) });

/** Searches bodies and tags across the actor's own teams only. */
export async function searchAnnotations(
  db: Db,
  actor: Actor,
  input: z.input<typeof searchAnnotationsInput>,
): Promise<Annotation[]> {
  const { query } = parseInput(searchAnnotationsInput, input);
  const { userId } = requireUser(actor, 'search annotations');
  const teamIds = await teamIdsOf(db.client, userId);
  return db.client.annotation.findMany({
    where: {
      teamId: { in: teamIds },
      deletedAt: null,
      OR: [{ body: { contains: likeLiteral(query), mode: 'insensitive' } }, { tags: { has: query } }],
    },
    orderBy: { createdAt: 'desc' },
    take: 100,
  });
}

export const countAnnotationsInput = z.strictObject({ datasetId: text().min(1).max(200) });

/** Per-kind counts of live annotations on a dataset, across the actor's teams; other teams never count. */
export async function countAnnotations(
  db: Db,
  actor: Actor,
  input: z.input<typeof countAnnotationsInput>,
): Promise<Record<Annotation['kind'], number>> {
  const datasetId = catalogDatasetId(parseInput(countAnnotationsInput, input).datasetId);
  const { userId } = requireUser(actor, 'count annotations');
  const teamIds = await teamIdsOf(db.client, userId);
  const groups = await db.client.annotation.groupBy({
    by: ['kind'],
    where: { teamId: { in: teamIds }, datasetId, deletedAt: null },
    _count: { _all: true },
  });
  const counts = { note: 0, tag: 0, quality_flag: 0, rating: 0 };
  for (const g of groups) counts[g.kind] = g._count._all;
  return counts;
}

export const updateAnnotationInput = z.strictObject({
  annotationId: idSchema,
  /** The version the editor started from; a newer one means someone else saved first. */
  version: versionSchema,
  body: text().max(LIMITS.body).optional(),
  tags: tagsSchema.optional(),
  qualityFlag: z.enum(QUALITY_FLAGS).optional(),
  rating: z.number().int().min(1).max(5).optional(),
  sampleRef: contentShape.sampleRef.optional(),
  region: contentShape.region.optional(),
});

/** Optimistic concurrency: the update applies only to the version the caller read, else ConflictError. */
export async function updateAnnotation(
  db: Db,
  actor: Actor,
  input: z.input<typeof updateAnnotationInput>,
): Promise<Annotation> {
  const { annotationId, version, region, ...changes } = parseInput(updateAnnotationInput, input);
  return inTransaction(db, async (tx) => {
    const { annotation, userId } = await editable(tx, actor, annotationId);
    if (changes.qualityFlag && annotation.kind !== 'quality_flag') {
      throw new ValidationError('qualityFlag', `only for kind "quality_flag", not "${annotation.kind}"`);
    }
    if (changes.rating && annotation.kind !== 'rating') {
      throw new ValidationError('rating', `only for kind "rating", not "${annotation.kind}"`);
    }
    const data: Prisma.AnnotationUpdateManyMutationInput = { ...changes, version: { increment: 1 } };
    if (region !== undefined) data.region = region ?? Prisma.DbNull;
    const updated = await tx.annotation.updateMany({ where: { id: annotationId, version, deletedAt: null }, data });
    if (!updated.count) {
      const current = await tx.annotation.findUniqueOrThrow({ where: { id: annotationId } });
      if (current.deletedAt) throw new NotFoundError('annotation', annotationId);
      throw staleVersionError('annotation', annotationId, version, current.version);
    }
    const after = await tx.annotation.findUniqueOrThrow({ where: { id: annotationId } });
    await audit(tx, {
      actorId: userId,
      teamId: annotation.teamId,
      action: 'annotation.update',
      entity: 'annotation',
      entityId: annotationId,
      before: annotation,
      after,
    });
    return after;
  });
}

export const deleteAnnotationInput = z.strictObject({ annotationId: idSchema, version: versionSchema.optional() });

/** Soft delete: the row stays for the audit trail and replies, but no read returns it. */
export async function deleteAnnotation(
  db: Db,
  actor: Actor,
  input: z.input<typeof deleteAnnotationInput>,
): Promise<void> {
  const { annotationId, version } = parseInput(deleteAnnotationInput, input);
  await inTransaction(db, async (tx) => {
    const { annotation, userId } = await editable(tx, actor, annotationId);
    const where: Prisma.AnnotationWhereInput = { id: annotationId, deletedAt: null };
    if (version) where.version = version;
    const deleted = await tx.annotation.updateMany({
      where,
      data: { deletedAt: new Date(), version: { increment: 1 } },
    });
    if (!deleted.count) {
      const current = await tx.annotation.findUniqueOrThrow({ where: { id: annotationId } });
      if (current.deletedAt) throw new NotFoundError('annotation', annotationId);
      throw staleVersionError('annotation', annotationId, version ?? annotation.version, current.version);
    }
    await audit(tx, {
      actorId: userId,
      teamId: annotation.teamId,
      action: 'annotation.delete',
      entity: 'annotation',
      entityId: annotationId,
      before: annotation,
    });
  });
}
