import { authedProcedure, publicProcedure, router, shopProcedure } from '@/server/trpc/init';
import { invitationCodeInput, invitationIdInput, inviteInput, memberIdInput } from './members.schema';
import { acceptInvitation, createInvitation, invitationInfo, listInvitations, listMembers, removeMember, revokeInvitation } from './members.service';

export const membersRouter = router({
  /** The shop's members with their parts (owner / operator / moderator). */
  list: shopProcedure('owner').query(({ ctx }) => listMembers(ctx.container.db, ctx.member.shopId)),
  remove: shopProcedure('owner').input(memberIdInput).mutation(({ ctx, input }) => removeMember(ctx.container, ctx.member, input.userId)),
  /** A new invitation: its code (and link) are shown this once. */
  invite: shopProcedure('owner').input(inviteInput).mutation(({ ctx, input }) => createInvitation(ctx.container, ctx.member, input)),
  invitations: shopProcedure('owner').query(({ ctx }) => listInvitations(ctx.container.db, ctx.member.shopId)),
  revokeInvitation: shopProcedure('owner').input(invitationIdInput).mutation(({ ctx, input }) => revokeInvitation(ctx.container, ctx.member, input.invitationId)),
  /** The invitation page: which shop, which part (throttled per IP). */
  invitation: publicProcedure.input(invitationCodeInput).query(({ ctx, input }) => invitationInfo(ctx.container, ctx.ip, input.code)),
  /** A signed-in viewer joins the shop of the invitation. */
  accept: authedProcedure.input(invitationCodeInput).mutation(async ({ ctx, input }) => {
    const member = await acceptInvitation(ctx.container, ctx.user, ctx.ip, input.code);
    return { role: member.role, shopId: member.shopId, shopRole: member.shopRole ?? null };
  }),
});
