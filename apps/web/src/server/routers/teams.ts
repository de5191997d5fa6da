import { z } from 'zod';
import { slugFor } from '../people/slug';
import { authedProcedure, createTRPCRouter, teamProcedure } from '../trpc';

const teamId = z.uuid();
const userId = z.string().min(1).max(128);
const assignableRole = z.enum(['admin', 'member', 'viewer']);

/** Teams, members and invites. Every call goes through @medsets/db's team and invite services. */
export const teamsRouter = createTRPCRouter({
  list: authedProcedure.query(({ ctx }) => ctx.svc.teams.listMyTeams(ctx.store, ctx.actor)),

  create: authedProcedure
    .input(z.strictObject({ name: z.string().trim().min(1).max(120) }))
    .mutation(({ ctx, input }) =>
      ctx.svc.teams.createTeam(ctx.store, ctx.actor, { name: input.name, slug: slugFor(input.name, 'team') }),
    ),

  /** The team with its members and the caller's own role. */
  get: teamProcedure.query(async ({ ctx }) => {
    const members = await ctx.svc.teams.listMembers(ctx.store, ctx.actor, { teamId: ctx.team.id });
    const role = members.find((m) => m.userId === ctx.user.id)?.role ?? 'viewer';
    return { team: ctx.team, role, members };
  }),

  rename: authedProcedure
    .input(z.strictObject({ teamId, name: z.string().trim().min(1).max(120) }))
    .mutation(({ ctx, input }) => ctx.svc.teams.renameTeam(ctx.store, ctx.actor, input)),

  changeRole: authedProcedure
    .input(z.strictObject({ teamId, userId, role: assignableRole }))
    .mutation(({ ctx, input }) => ctx.svc.teams.changeMemberRole(ctx.store, ctx.actor, input)),

  removeMember: authedProcedure
    .input(z.strictObject({ teamId, userId }))
    .mutation(({ ctx, input }) => ctx.svc.teams.removeMember(ctx.store, ctx.actor, input)),

  leave: authedProcedure
    .input(z.strictObject({ teamId }))
    .mutation(({ ctx, input }) =>
      ctx.svc.teams.removeMember(ctx.store, ctx.actor, { teamId: input.teamId, userId: ctx.user.id }),
    ),

  /** The owner hands the team to another member and stays on as admin. */
  transferOwnership: authedProcedure
    .input(z.strictObject({ teamId, toUserId: userId }))
    .mutation(({ ctx, input }) => ctx.svc.teams.transferOwnership(ctx.store, ctx.actor, input)),

  delete: authedProcedure
    .input(z.strictObject({ teamId }))
    .mutation(({ ctx, input }) => ctx.svc.teams.deleteTeam(ctx.store, ctx.actor, input)),

  /** A single-use invite link: the token is shown once, only its hash is stored. */
  createInvite: authedProcedure
    .input(
      z.strictObject({
        teamId,
        role: assignableRole,
        expiresInHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 30),
      }),
    )
    .mutation(({ ctx, input }) => ctx.svc.invites.createInvite(ctx.store, ctx.actor, input)),

  listInvites: authedProcedure
    .input(z.strictObject({ teamId }))
    .query(({ ctx, input }) => ctx.svc.invites.listInvites(ctx.store, ctx.actor, input)),

  revokeInvite: authedProcedure
    .input(z.strictObject({ inviteId: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.svc.invites.revokeInvite(ctx.store, ctx.actor, input)),

  acceptInvite: authedProcedure
    .input(z.strictObject({ token: z.string().min(16).max(200) }))
    .mutation(({ ctx, input }) => ctx.svc.invites.acceptInvite(ctx.store, ctx.actor, input)),
});
