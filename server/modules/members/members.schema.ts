import { z } from 'zod';

const id = z.number().int().positive();

/** The parts an owner can invite to (one owner per shop). */
export const invitedRole = z.enum(['OPERATOR', 'MODERATOR']);

export const inviteInput = z.object({ role: invitedRole });
export type InviteInput = z.infer<typeof inviteInput>;

export const memberIdInput = z.object({ userId: id });
export type MemberIdInput = z.infer<typeof memberIdInput>;

export const invitationIdInput = z.object({ invitationId: id });
export type InvitationIdInput = z.infer<typeof invitationIdInput>;

export const invitationCodeInput = z.object({ code: z.string().trim().min(1, 'invalid.invitation.codeRequired').max(40) });
export type InvitationCodeInput = z.infer<typeof invitationCodeInput>;
