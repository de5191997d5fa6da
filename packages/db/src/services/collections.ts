import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { type Actor, atLeast, canEditOwnOrAny, requireRole, requireUser, roleIn, type Tx } from '../authorization.ts';
import { catalogDatasetId } from '../catalog-refs.ts';
import type { Db } from '../client.ts';
import { ForbiddenError, NotFoundError, staleVersionError, ValidationError } from '../errors.ts';
import type { Collection, CollectionItem, Prisma, TeamRole, Visibility } from '../generated/prisma/client.ts';
import { conflictOnDuplicate, inTransaction } from '../transactions.ts';
import {
  idSchema,
  LIMITS,
  likeLiteral,
  parseInput,
  slugSchema,
  text,
  titleSchema,
  versionSchema,
} from '../validation.ts';

export type CollectionWithItems = Collection & { items: CollectionItem[] };

const visibilitySchema = z.enum(['private', 'team', 'public_link']);
const newShareToken = () => randomBytes(24).toString('base64url');

// ---------------------------------------------------------------------------
// Access

interface Access {
  collection: Collection;
  userId: string;
  /** The actor's role in the owning team; null for personal collections. */
  role: TeamRole | null;
}

/**
 * A collection the actor may read. Everything unreadable, including a team's private collections seen by other
 * members, is reported as not found so nothing about it leaks.
 */
async function readable(tx: Tx, actor: Actor, collectionId: string): Promise<Access> {
  const { userId } = requireUser(actor, 'open collections');
  const collection = await tx.collection.findUnique({ where: { id: collectionId } });
  const hidden = new NotFoundError('collection', collectionId);
  if (!collection) throw hidden;
  if (collection.ownerUserId) {
    if (collection.ownerUserId !== userId) throw hidden;
    return { collection, userId, role: null };
  }
  const role = await roleIn(tx, collection.teamId!, userId);
  if (!role) throw hidden;
  if (collection.visibility === 'private' && collection.createdById !== userId && !atLeast(role, 'admin')) throw hidden;
  return { collection, userId, role };
}

/** A collection the actor may change: its personal owner, its team creator (member+), or a team admin. */
async function editable(tx: Tx, actor: Actor, collectionId: string): Promise<Access> {
  const access = await readable(tx, actor, collectionId);
  const { collection, role, userId } = access;
  if (role && !canEditOwnOrAny(role, collection.createdById, userId)) {
    throw new ForbiddenError(`You cannot change collection "${collectionId}"`);
  }
  return access;
}

/** Serialises writers of one collection's items (positions are dense, so each insert reads the current end). */
async function lockCollection(tx: Tx, collectionId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "collection" WHERE id = ${collectionId}::uuid FOR UPDATE`;
}

// ---------------------------------------------------------------------------
// Collections

export const createCollectionInput = z.strictObject({
  title: titleSchema,
  slug: slugSchema,
  description: text().max(LIMITS.description).default(''),
  visibility: visibilitySchema.default('private'),
  /** Omit for a personal collection. */
  teamId: idSchema.optional(),
});

export async function createCollection(
  db: Db,
  actor: Actor,
  input: z.input<typeof createCollectionInput>,
): Promise<Collection> {
  const { teamId, ...data } = parseInput(createCollectionInput, input);
  const { userId } = requireUser(actor, 'create a collection');
  if (!teamId && data.visibility === 'team') throw new ValidationError('visibility', '"team" needs a teamId');
  return inTransaction(db, async (tx) => {
    if (teamId) await requireRole(tx, actor, teamId, 'member', 'create team collections');
    const collection = await tx.collection
      .create({
        data: {
          ...data,
          shareToken: data.visibility === 'public_link' ? newShareToken() : null,
          teamId: teamId ?? null,
          ownerUserId: teamId ? null : userId,
          createdById: userId,
        },
      })
      .catch((e) => conflictOnDuplicate(e, `a collection with slug "${data.slug}"`));
    await audit(tx, {
      actorId: userId,
      teamId,
      action: 'collection.create',
      entity: 'collection',
      entityId: collection.id,
      after: data,
    });
    return collection;
  });
}

export const collectionRefInput = z.strictObject({ collectionId: idSchema });

export async function getCollection(
  db: Db,
  actor: Actor,
  input: z.input<typeof collectionRefInput>,
): Promise<CollectionWithItems> {
  const { collectionId } = parseInput(collectionRefInput, input);
  const { collection } = await readable(db.client, actor, collectionId);
  const items = await db.client.collectionItem.findMany({ where: { collectionId }, orderBy: { position: 'asc' } });
  return { ...collection, items };
}

/** What anyone holding a public link sees: the content, not who owns it. */
export interface SharedCollection {
  title: string;
  slug: string;
  description: string;
  items: Pick<CollectionItem, 'datasetId' | 'note' | 'position'>[];
}

export const sharedCollectionInput = z.strictObject({ shareToken: text().min(16).max(64) });

/** The one read open to anonymous visitors and outsiders: by the unguessable token of a public link. */
export async function getSharedCollection(
  db: Db,
  _actor: Actor,
  input: z.input<typeof sharedCollectionInput>,
): Promise<SharedCollection> {
  const { shareToken } = parseInput(sharedCollectionInput, input);
  const collection = await db.client.collection.findUnique({
    where: { shareToken },
    include: { items: { orderBy: { position: 'asc' }, select: { datasetId: true, note: true, position: true } } },
  });
  if (collection?.visibility !== 'public_link') throw new NotFoundError('shared collection', 'for this link');
  const { title, slug, description, items } = collection;
  return { title, slug, description, items };
}

export const listCollectionsInput = z.strictObject({ teamId: idSchema.optional() });

/** A team's collections as the actor may see them, or the actor's personal ones when no team is given. */
export async function listCollections(
  db: Db,
  actor: Actor,
  input: z.input<typeof listCollectionsInput>,
): Promise<Collection[]> {
  const { teamId } = parseInput(listCollectionsInput, input);
  const { userId } = requireUser(actor, 'list collections');
  if (!teamId) return db.client.collection.findMany({ where: { ownerUserId: userId }, orderBy: { title: 'asc' } });
  const { role } = await requireRole(db.client, actor, teamId, 'viewer', 'see team collections');
  const where: Prisma.CollectionWhereInput = atLeast(role, 'admin')
    ? { teamId }
    : { teamId, OR: [{ visibility: { not: 'private' } }, { createdById: userId }] };
  return db.client.collection.findMany({ where, orderBy: { title: 'asc' } });
}

export const searchCollectionsInput = z.strictObject({ query: text().trim().min(1).max(LIMITS.query) });

/** Full-text-ish search over exactly what the actor could open one by one: nothing from other teams. */
export async function searchCollections(
  db: Db,
  actor: Actor,
  input: z.input<typeof searchCollectionsInput>,
): Promise<Collection[]> {
  const { query } = parseInput(searchCollectionsInput, input);
  const { userId } = requireUser(actor, 'search collections');
  const memberships = await db.client.membership.findMany({ where: { userId } });
  const adminOf = memberships.filter((m) => atLeast(m.role, 'admin')).map((m) => m.teamId);
  const memberOf = memberships.filter((m) => !atLeast(m.role, 'admin')).map((m) => m.teamId);
  return db.client.collection.findMany({
    where: {
      AND: [
        {
          OR: [
            { ownerUserId: userId },
            { teamId: { in: adminOf } },
            { teamId: { in: memberOf }, OR: [{ visibility: { not: 'private' } }, { createdById: userId }] },
          ],
        },
        {
          OR: [
            { title: { contains: likeLiteral(query), mode: 'insensitive' } },
            { description: { contains: likeLiteral(query), mode: 'insensitive' } },
          ],
        },
      ],
    },
    orderBy: { title: 'asc' },
    take: 100,
  });
}

export const updateCollectionInput = z.strictObject({
  collectionId: idSchema,
  /** The version the caller read; a newer one in the database means someone else changed it meanwhile. */
  version: versionSchema,
  title: titleSchema.optional(),
  slug: slugSchema.optional(),
  description: text().max(LIMITS.description).optional(),
  visibility: visibilitySchema.optional(),
});

export async function updateCollection(
  db: Db,
  actor: Actor,
  input: z.input<typeof updateCollectionInput>,
): Promise<Collection> {
  const { collectionId, version, ...changes } = parseInput(updateCollectionInput, input);
  return inTransaction(db, async (tx) => {
    const { collection, userId } = await editable(tx, actor, collectionId);
    const data: Prisma.CollectionUpdateManyMutationInput = { ...changes, version: { increment: 1 } };
    if (changes.visibility && changes.visibility !== collection.visibility) {
      if (changes.visibility === 'team' && !collection.teamId) {
        throw new ValidationError('visibility', '"team" needs a team collection');
      }
      // A fresh token on every publish: re-publishing must not revive a link that was shared before.
      data.shareToken = changes.visibility === 'public_link' ? newShareToken() : null;
    }
    const updated = await tx.collection
      .updateMany({ where: { id: collectionId, version }, data })
      .catch((e) => conflictOnDuplicate(e, `a collection with slug "${changes.slug}"`));
    if (!updated.count) {
      const current = await tx.collection.findUniqueOrThrow({ where: { id: collectionId } });
      throw staleVersionError('collection', collectionId, version, current.version);
    }
    await audit(tx, {
      actorId: userId,
      teamId: collection.teamId,
      action: 'collection.update',
      entity: 'collection',
      entityId: collectionId,
      before: pick(collection, changes),
      after: changes,
    });
    return tx.collection.findUniqueOrThrow({ where: { id: collectionId } });
  });
}

export async function deleteCollection(db: Db, actor: Actor, input: z.input<typeof collectionRefInput>): Promise<void> {
  const { collectionId } = parseInput(collectionRefInput, input);
  await inTransaction(db, async (tx) => {
    const { collection, userId } = await editable(tx, actor, collectionId);
    await tx.collection.delete({ where: { id: collectionId } });
    await audit(tx, {
      actorId: userId,
      teamId: collection.teamId,
      action: 'collection.delete',
      entity: 'collection',
      entityId: collectionId,
      before: { title: collection.title, slug: collection.slug },
    });
  });
}

// ---------------------------------------------------------------------------
// Items

export const addItemInput = z.strictObject({
  collectionId: idSchema,
  datasetId: text().min(1).max(200),
  note: text().max(LIMITS.note).default(''),
});

/** Appends a catalog dataset; positions stay dense (0, 1, 2 …) even under concurrent adds. */
export async function addItem(db: Db, actor: Actor, input: z.input<typeof addItemInput>): Promise<CollectionItem> {
  const { collectionId, note, ...rest } = parseInput(addItemInput, input);
  const datasetId = catalogDatasetId(rest.datasetId);
  return inTransaction(db, async (tx) => {
    const { collection, userId } = await editable(tx, actor, collectionId);
    await lockCollection(tx, collectionId);
    const position = await tx.collectionItem.count({ where: { collectionId } });
    const item = await tx.collectionItem
      .create({ data: { collectionId, datasetId, note, position, addedById: userId } })
      .catch((e) => conflictOnDuplicate(e, `dataset "${datasetId}" in this collection`));
    await audit(tx, {
      actorId: userId,
      teamId: collection.teamId,
      action: 'item.add',
      entity: 'collection_item',
      entityId: item.id,
      after: { datasetId, note, position },
    });
    return item;
  });
}

export const updateItemInput = z.strictObject({ itemId: idSchema, note: text().max(LIMITS.note) });

export async function updateItem(
  db: Db,
  actor: Actor,
  input: z.input<typeof updateItemInput>,
): Promise<CollectionItem> {
  const { itemId, note } = parseInput(updateItemInput, input);
  return inTransaction(db, async (tx) => {
    const item = await itemOrNotFound(tx, itemId);
    const { collection, userId } = await editable(tx, actor, item.collectionId).catch(
      hideAs('collection item', itemId),
    );
    const updated = await tx.collectionItem.update({ where: { id: itemId }, data: { note } });
    await audit(tx, {
      actorId: userId,
      teamId: collection.teamId,
      action: 'item.update',
      entity: 'collection_item',
      entityId: itemId,
      before: { note: item.note },
      after: { note },
    });
    return updated;
  });
}

export const itemRefInput = z.strictObject({ itemId: idSchema });

export async function removeItem(db: Db, actor: Actor, input: z.input<typeof itemRefInput>): Promise<void> {
  const { itemId } = parseInput(itemRefInput, input);
  await inTransaction(db, async (tx) => {
    const found = await itemOrNotFound(tx, itemId);
    const { collection, userId } = await editable(tx, actor, found.collectionId).catch(
      hideAs('collection item', itemId),
    );
    await lockCollection(tx, collection.id);
    // Re-read under the lock: a concurrent move may have changed the position.
    const item = await itemOrNotFound(tx, itemId);
    await tx.collectionItem.delete({ where: { id: itemId } });
    await tx.collectionItem.updateMany({
      where: { collectionId: collection.id, position: { gt: item.position } },
      data: { position: { decrement: 1 } },
    });
    await audit(tx, {
      actorId: userId,
      teamId: collection.teamId,
      action: 'item.remove',
      entity: 'collection_item',
      entityId: itemId,
      before: { datasetId: item.datasetId, position: item.position },
    });
  });
}

export const moveItemInput = z.strictObject({ itemId: idSchema, toPosition: z.number().int().min(0) });

export async function moveItem(db: Db, actor: Actor, input: z.input<typeof moveItemInput>): Promise<CollectionItem[]> {
  const { itemId, toPosition } = parseInput(moveItemInput, input);
  return inTransaction(db, async (tx) => {
    const found = await itemOrNotFound(tx, itemId);
    const { collection, userId } = await editable(tx, actor, found.collectionId).catch(
      hideAs('collection item', itemId),
    );
    await lockCollection(tx, collection.id);
    const items = await tx.collectionItem.findMany({
      where: { collectionId: collection.id },
      orderBy: { position: 'asc' },
    });
    if (toPosition >= items.length) throw new ValidationError('toPosition', `must be below ${items.length}`);
    const from = items.findIndex((i) => i.id === itemId);
    const [moved] = items.splice(from, 1);
    items.splice(toPosition, 0, moved!);
    // (collectionId, position) is unique at every statement, so shift everything past the end first, then settle.
    await tx.collectionItem.updateMany({
      where: { collectionId: collection.id },
      data: { position: { increment: items.length } },
    });
    for (const [i, it] of items.entries()) {
      await tx.collectionItem.update({ where: { id: it.id }, data: { position: i } });
    }
    await audit(tx, {
      actorId: userId,
      teamId: collection.teamId,
      action: 'item.move',
      entity: 'collection_item',
      entityId: itemId,
      before: { position: from },
      after: { position: toPosition },
    });
    return tx.collectionItem.findMany({ where: { collectionId: collection.id }, orderBy: { position: 'asc' } });
  });
}

async function itemOrNotFound(tx: Tx, itemId: string): Promise<CollectionItem> {
  const item = await tx.collectionItem.findUnique({ where: { id: itemId } });
  if (!item) throw new NotFoundError('collection item', itemId);
  return item;
}

/** An item of an invisible collection is reported as a missing item, not as a missing collection id. */
function hideAs(entity: string, id: string) {
  return (error: unknown): never => {
    throw error instanceof NotFoundError ? new NotFoundError(entity, id) : error;
  };
}

function pick<T extends object>(source: T, like: object): Partial<T> {
  return Object.fromEntries(Object.keys(like).map((k) => [k, source[k as keyof T]])) as Partial<T>;
}

export type { Visibility };
