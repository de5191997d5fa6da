import { resolveAlias } from '@medsets/catalog';
import { z } from 'zod';
import { baseURL } from '../auth';
import { summarize } from '../catalog/summary';
import { EXPORT_FORMATS, exportCollection } from '../collections/export';
import { slugFor } from '../people/slug';
import { authedProcedure, createTRPCRouter, publicDbProcedure } from '../trpc';

const collectionId = z.uuid();
const itemId = z.uuid();
const visibility = z.enum(['private', 'team', 'public_link']);
const title = z.string().trim().min(1).max(200);
const description = z.string().max(5_000);
const note = z.string().max(2_000);
const datasetId = z.string().trim().min(1).max(200);
const shareToken = z.string().min(16).max(64);
const format = z.enum(EXPORT_FORMATS);

/** Items with what the page shows about their dataset (null when it has left the catalog). */
function withDatasets<T extends { datasetId: string }>(items: T[]) {
  return items.map((item) => {
    const d = resolveAlias(item.datasetId);
    return { ...item, dataset: d ? summarize(d) : null };
  });
}

/** Collections and their items, always through @medsets/db's collection service. */
export const collectionsRouter = createTRPCRouter({
  /** The caller's personal collections, or a team's as the caller may see them. */
  list: authedProcedure
    .input(z.strictObject({ teamId: z.uuid().optional() }))
    .query(({ ctx, input }) => ctx.svc.collections.listCollections(ctx.store, ctx.actor, input)),

  /** Every collection the caller could add to: personal ones and those of each team, grouped. */
  writable: authedProcedure.query(async ({ ctx }) => {
    const teams = await ctx.svc.teams.listMyTeams(ctx.store, ctx.actor);
    const personal = await ctx.svc.collections.listCollections(ctx.store, ctx.actor, {});
    const groups = [{ teamId: null as string | null, teamName: null as string | null, collections: personal }];
    for (const team of teams.filter((t) => t.role !== 'viewer')) {
      const collections = await ctx.svc.collections.listCollections(ctx.store, ctx.actor, { teamId: team.id });
      groups.push({ teamId: team.id, teamName: team.name, collections });
    }
    return groups;
  }),

  get: authedProcedure.input(z.strictObject({ collectionId })).query(async ({ ctx, input }) => {
    const collection = await ctx.svc.collections.getCollection(ctx.store, ctx.actor, input);
    let role: string | null = null;
    if (collection.teamId) {
      const teams = await ctx.svc.teams.listMyTeams(ctx.store, ctx.actor);
      role = teams.find((t) => t.id === collection.teamId)?.role ?? null;
    }
    // For the UI only (which buttons to show); the service decides again on every write.
    const canEdit = collection.teamId
      ? role === 'owner' || role === 'admin' || (role === 'member' && collection.createdById === ctx.user.id)
      : collection.ownerUserId === ctx.user.id;
    return { ...collection, items: withDatasets(collection.items), role, canEdit };
  }),

  /** A public-link collection: readable by anyone holding the link, signed in or not. */
  shared: publicDbProcedure.input(z.strictObject({ shareToken })).query(async ({ ctx, input }) => {
    const shared = await ctx.svc.collections.getSharedCollection(ctx.store, ctx.actor, input);
    return { ...shared, items: withDatasets(shared.items) };
  }),

  create: authedProcedure
    .input(
      z.strictObject({
        title,
        description: description.default(''),
        visibility: visibility.default('private'),
        teamId: z.uuid().optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.svc.collections.createCollection(ctx.store, ctx.actor, {
        ...input,
        slug: slugFor(input.title, 'collection'),
      }),
    ),

  update: authedProcedure
    .input(
      z.strictObject({
        collectionId,
        version: z.number().int().min(1),
        title: title.optional(),
        description: description.optional(),
        visibility: visibility.optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.svc.collections.updateCollection(ctx.store, ctx.actor, input)),

  delete: authedProcedure
    .input(z.strictObject({ collectionId }))
    .mutation(({ ctx, input }) => ctx.svc.collections.deleteCollection(ctx.store, ctx.actor, input)),

  addItem: authedProcedure
    .input(z.strictObject({ collectionId, datasetId, note: note.default('') }))
    .mutation(({ ctx, input }) => ctx.svc.collections.addItem(ctx.store, ctx.actor, input)),

  updateItem: authedProcedure
    .input(z.strictObject({ itemId, note }))
    .mutation(({ ctx, input }) => ctx.svc.collections.updateItem(ctx.store, ctx.actor, input)),

  removeItem: authedProcedure
    .input(z.strictObject({ itemId }))
    .mutation(({ ctx, input }) => ctx.svc.collections.removeItem(ctx.store, ctx.actor, input)),

  moveItem: authedProcedure
    .input(z.strictObject({ itemId, toPosition: z.number().int().min(0).max(10_000) }))
    .mutation(({ ctx, input }) => ctx.svc.collections.moveItem(ctx.store, ctx.actor, input)),

  export: authedProcedure.input(z.strictObject({ collectionId, format })).query(async ({ ctx, input }) => {
    const c = await ctx.svc.collections.getCollection(ctx.store, ctx.actor, { collectionId: input.collectionId });
    return exportCollection(c, input.format, baseURL());
  }),

  exportShared: publicDbProcedure.input(z.strictObject({ shareToken, format })).query(async ({ ctx, input }) => {
    const c = await ctx.svc.collections.getSharedCollection(ctx.store, ctx.actor, { shareToken: input.shareToken });
    return exportCollection(c, input.format, baseURL());
  }),
});
