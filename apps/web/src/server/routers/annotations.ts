import type { Annotation, teams } from '@medsets/db';
import { z } from 'zod';
import { authedProcedure, createTRPCRouter, teamProcedure } from '../trpc';

const annotationId = z.uuid();
const datasetId = z.string().trim().min(1).max(200);
const kind = z.enum(['note', 'tag', 'quality_flag', 'rating']);
const qualityFlag = z.enum(['label_noise', 'broken_link', 'license_issue', 'leakage_risk']);
const tags = z.array(z.string().trim().min(1).max(40)).max(20);
const body = z.string().max(20_000);

export type AnnotationView = Annotation & { authorName: string; mine: boolean };

/** Names the author of each annotation: "who wrote what" without exposing anything beyond the team. */
function withAuthors(list: Annotation[], members: teams.MemberView[], me: string): AnnotationView[] {
  const names = new Map(members.map((m) => [m.userId, m.name || m.email]));
  return list.map((a) => ({ ...a, authorName: names.get(a.authorId) ?? 'Former member', mine: a.authorId === me }));
}

/** Team annotations on datasets; @medsets/db's annotation service authorizes every call. */
export const annotationsRouter = createTRPCRouter({
  /** Each of the caller's teams with its annotations on one dataset, for the dataset page (polled). */
  forDataset: authedProcedure.input(z.strictObject({ datasetId })).query(async ({ ctx, input }) => {
    const teams = await ctx.svc.teams.listMyTeams(ctx.store, ctx.actor);
    return Promise.all(
      teams.map(async (team) => {
        const [list, members] = await Promise.all([
          ctx.svc.annotations.listAnnotations(ctx.store, ctx.actor, { teamId: team.id, datasetId: input.datasetId }),
          ctx.svc.teams.listMembers(ctx.store, ctx.actor, { teamId: team.id }),
        ]);
        return {
          team: { id: team.id, name: team.name, role: team.role },
          annotations: withAuthors(list, members, ctx.user.id),
        };
      }),
    );
  }),

  /** A team's annotations, newest first (the team page's recent activity). */
  recent: teamProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(20) }))
    .query(async ({ ctx, input }) => {
      const [list, members] = await Promise.all([
        ctx.svc.annotations.listAnnotations(ctx.store, ctx.actor, { teamId: ctx.team.id }),
        ctx.svc.teams.listMembers(ctx.store, ctx.actor, { teamId: ctx.team.id }),
      ]);
      return withAuthors(list.slice(-input.limit).reverse(), members, ctx.user.id);
    }),

  get: authedProcedure
    .input(z.strictObject({ annotationId }))
    .query(({ ctx, input }) => ctx.svc.annotations.getAnnotation(ctx.store, ctx.actor, input)),

  create: authedProcedure
    .input(
      z.strictObject({
        teamId: z.uuid(),
        datasetId,
        kind,
        body: body.default(''),
        tags: tags.default([]),
        qualityFlag: qualityFlag.optional(),
        rating: z.number().int().min(1).max(5).optional(),
        parentId: z.uuid().nullable().default(null),
      }),
    )
    .mutation(({ ctx, input }) => ctx.svc.annotations.createAnnotation(ctx.store, ctx.actor, input)),

  /** Saves an edit made from `version`; if someone saved first, fails with CONFLICT and the current version. */
  update: authedProcedure
    .input(
      z.strictObject({
        annotationId,
        version: z.number().int().min(1),
        body: body.optional(),
        tags: tags.optional(),
        qualityFlag: qualityFlag.optional(),
        rating: z.number().int().min(1).max(5).optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.svc.annotations.updateAnnotation(ctx.store, ctx.actor, input)),

  delete: authedProcedure
    .input(z.strictObject({ annotationId, version: z.number().int().min(1).optional() }))
    .mutation(({ ctx, input }) => ctx.svc.annotations.deleteAnnotation(ctx.store, ctx.actor, input)),
});
