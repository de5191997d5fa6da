import { z } from 'zod';
import { audit } from './audit.ts';
import { type Actor, requireRole, requireUser } from './authorization.ts';
import { catalogDatasetId } from './catalog-refs.ts';
import type { Db } from './client.ts';
import { ConflictError, ForbiddenError } from './errors.ts';
import { Prisma } from './generated/prisma/client.ts';
import { conflictOnDuplicate, inTransaction } from './transactions.ts';
import { idSchema, parseInput } from './validation.ts';

/**
 * A team's work as plain JSON: the team, the people in it, its collections with items, and every annotation
 * (soft-deleted ones too, so a restore is exact). Dates are ISO strings; rows are in a stable order.
 */
const isoDate = z.iso.datetime({ offset: true });
const nullableDate = isoDate.nullable();

const userRow = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  email: z.string(),
  emailVerified: z.boolean(),
  image: z.string().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const teamExportSchema = z.strictObject({
  format: z.literal('medsets.team'),
  formatVersion: z.literal(1),
  team: z.strictObject({ id: idSchema, name: z.string(), slug: z.string(), createdAt: isoDate, updatedAt: isoDate }),
  users: z.array(userRow),
  memberships: z.array(
    z.strictObject({ userId: z.string(), role: z.enum(['owner', 'admin', 'member', 'viewer']), createdAt: isoDate }),
  ),
  collections: z.array(
    z.strictObject({
      id: idSchema,
      slug: z.string(),
      title: z.string(),
      description: z.string(),
      visibility: z.enum(['private', 'team', 'public_link']),
      shareToken: z.string().nullable(),
      createdById: z.string(),
      version: z.number().int(),
      createdAt: isoDate,
      updatedAt: isoDate,
      items: z.array(
        z.strictObject({
          id: idSchema,
          datasetId: z.string(),
          note: z.string(),
          position: z.number().int(),
          addedById: z.string(),
          createdAt: isoDate,
          updatedAt: isoDate,
        }),
      ),
    }),
  ),
  annotations: z.array(
    z.strictObject({
      id: idSchema,
      datasetId: z.string(),
      authorId: z.string(),
      kind: z.enum(['note', 'tag', 'quality_flag', 'rating']),
      qualityFlag: z.enum(['label_noise', 'broken_link', 'license_issue', 'leakage_risk']).nullable(),
      rating: z.number().int().nullable(),
      body: z.string(),
      tags: z.array(z.string()),
      sampleRef: z.string().nullable(),
      region: z.json().nullable(),
      parentId: idSchema.nullable(),
      version: z.number().int(),
      createdAt: isoDate,
      updatedAt: isoDate,
      deletedAt: nullableDate,
    }),
  ),
});

export type TeamExport = z.output<typeof teamExportSchema>;

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export const exportTeamInput = z.strictObject({ teamId: idSchema });

/** Admins and the owner export; the result carries the team's share tokens, so it is as sensitive as the team. */
export async function exportTeam(db: Db, actor: Actor, input: z.input<typeof exportTeamInput>): Promise<TeamExport> {
  const { teamId } = parseInput(exportTeamInput, input);
  // One transaction so the snapshot is consistent even while others write.
  return inTransaction(db, async (tx) => {
    await requireRole(tx, actor, teamId, 'admin', 'export the team');
    const team = await tx.team.findUniqueOrThrow({ where: { id: teamId } });
    const memberships = await tx.membership.findMany({ where: { teamId }, orderBy: { userId: 'asc' } });
    const collections = await tx.collection.findMany({
      where: { teamId },
      include: { items: { orderBy: { position: 'asc' } } },
      orderBy: { id: 'asc' },
    });
    const annotations = await tx.annotation.findMany({ where: { teamId }, orderBy: { id: 'asc' } });
    // Everyone the content points at, members or not (a former member's annotations stay theirs).
    const userIds = new Set([
      ...memberships.map((m) => m.userId),
      ...collections.flatMap((c) => [c.createdById, ...c.items.map((i) => i.addedById)]),
      ...annotations.map((a) => a.authorId),
    ]);
    const users = await tx.user.findMany({ where: { id: { in: [...userIds] } }, orderBy: { id: 'asc' } });
    return {
      format: 'medsets.team' as const,
      formatVersion: 1 as const,
      team: {
        id: team.id,
        name: team.name,
        slug: team.slug,
        createdAt: iso(team.createdAt),
        updatedAt: iso(team.updatedAt),
      },
      users: users.map((u) => ({ ...u, createdAt: iso(u.createdAt), updatedAt: iso(u.updatedAt) })),
      memberships: memberships.map((m) => ({ userId: m.userId, role: m.role, createdAt: iso(m.createdAt) })),
      collections: collections.map(({ teamId: _t, ownerUserId: _o, items, ...c }) => ({
        ...c,
        createdAt: iso(c.createdAt),
        updatedAt: iso(c.updatedAt),
        items: items.map(({ collectionId: _c, ...i }) => ({
          ...i,
          createdAt: iso(i.createdAt),
          updatedAt: iso(i.updatedAt),
        })),
      })),
      annotations: annotations.map(({ teamId: _t, ...a }) => ({
        ...a,
        region: a.region as z.infer<typeof teamExportSchema>['annotations'][number]['region'],
        createdAt: iso(a.createdAt),
        updatedAt: iso(a.updatedAt),
        deletedAt: isoOrNull(a.deletedAt),
      })),
    };
  });
}

/**
 * Restores an export into a database that does not have the team yet. The actor must be the team's owner in the
 * export; people the export mentions are created if missing (same id), never changed if present.
 */
export async function importTeam(db: Db, actor: Actor, input: unknown): Promise<{ teamId: string }> {
  const data = parseInput(teamExportSchema, input);
  const { userId } = requireUser(actor, 'import a team');
  const owner = data.memberships.find((m) => m.role === 'owner');
  if (owner?.userId !== userId) throw new ForbiddenError('Only the team’s owner in the export can import it');
  for (const [i, item] of data.collections.flatMap((c) => c.items).entries())
    catalogDatasetId(item.datasetId, `collections.items.${i}.datasetId`);
  for (const [i, a] of data.annotations.entries()) catalogDatasetId(a.datasetId, `annotations.${i}.datasetId`);
  const teamId = data.team.id;
  return inTransaction(db, async (tx) => {
    if (await tx.team.findUnique({ where: { id: teamId } })) throw new ConflictError(`Team "${teamId}" already exists`);
    await tx.user.createMany({
      data: data.users.map((u) => ({ ...u, createdAt: new Date(u.createdAt), updatedAt: new Date(u.updatedAt) })),
      skipDuplicates: true,
    });
    await tx.team
      .create({
        data: { ...data.team, createdAt: new Date(data.team.createdAt), updatedAt: new Date(data.team.updatedAt) },
      })
      .catch((e) => conflictOnDuplicate(e, `a team with slug "${data.team.slug}"`));
    await tx.membership.createMany({
      data: data.memberships.map((m) => ({ ...m, teamId, createdAt: new Date(m.createdAt) })),
    });
    for (const { items, ...c } of data.collections) {
      await tx.collection.create({
        data: { ...c, teamId, createdAt: new Date(c.createdAt), updatedAt: new Date(c.updatedAt) },
      });
      await tx.collectionItem.createMany({
        data: items.map((i) => ({
          ...i,
          collectionId: c.id,
          createdAt: new Date(i.createdAt),
          updatedAt: new Date(i.updatedAt),
        })),
      });
    }
    for (const a of parentsFirst(data.annotations)) {
      await tx.annotation.create({
        data: {
          ...a,
          teamId,
          region: a.region === null ? Prisma.DbNull : (a.region as Prisma.InputJsonValue),
          createdAt: new Date(a.createdAt),
          updatedAt: new Date(a.updatedAt),
          deletedAt: a.deletedAt ? new Date(a.deletedAt) : null,
        },
      });
    }
    // The owner has the team now, so the check is the ordinary one; it also proves the memberships landed.
    await requireRole(tx, actor, teamId, 'owner', 'import a team');
    await audit(tx, { actorId: userId, teamId, action: 'team.import', entity: 'team', entityId: teamId });
    return { teamId };
  });
}

/** Orders annotations so that each parent is inserted before its replies (the foreign key needs it). */
function parentsFirst<T extends { id: string; parentId: string | null }>(rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const done = new Set<string>();
  const out: T[] = [];
  const visit = (row: T, depth: number) => {
    if (done.has(row.id) || depth > rows.length) return;
    const parent = row.parentId ? byId.get(row.parentId) : undefined;
    if (parent) visit(parent, depth + 1);
    done.add(row.id);
    out.push(row);
  };
  for (const row of rows) visit(row, 0);
  return out;
}
