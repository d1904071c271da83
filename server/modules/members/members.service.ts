// A shop's members and the owner's invitations. The owner invites an operator (助播) or a
// moderator (场控) with a code (also sent as a link); the invited person signs up with it, or
// signs in with a viewer account and accepts it, and joins the shop. Codes are single use,
// expire, and are stored as their SHA-256. The owner sees and removes members; a removed
// member's sessions end at once.
import { createHash, randomInt } from 'node:crypto';
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';
import type { ShopRole } from '@/server/db/generated/enums';
import { AppError } from '@/server/errors';
import { audit, type AuditActor } from '@/server/modules/audit/audit';
import { authRuntime } from '@/server/modules/auth/runtime';
import type { SessionUser } from '@/server/modules/auth/session';
import type { InviteInput } from './members.schema';

export const INVITATION_TTL_MS = 72 * 3600_000;
// No 0/O, 1/I/L: codes are read aloud and typed from a phone screen.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 12;

/** The owner (or any member) of a shop, as the shop procedures give it. */
export type ShopMember = SessionUser & { shopId: number; shopRole: ShopRole };

export function newInvitationCode(): string {
  const chars = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** The code as typed: case and separators do not matter. */
export function normalizeInvitationCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function invitationCodeHash(code: string): string {
  return createHash('sha256').update(normalizeInvitationCode(code)).digest('hex');
}

const invalidInvitation = () => new AppError('NOT_FOUND', 'This invitation is not valid: it may have expired, been used or been withdrawn. Ask the shop owner for a new one', 'INVITATION_INVALID');

const actorOf = (member: ShopMember): AuditActor => ({ id: member.id, name: member.name, role: member.role, shopId: member.shopId, shopRole: member.shopRole });

export async function listMembers(db: Db, shopId: number) {
  const rows = await db.user.findMany({
    where: { shopId },
    select: { id: true, username: true, displayName: true, shopRole: true, createdAt: true },
    orderBy: [{ shopRole: 'asc' }, { id: 'asc' }],
  });
  return rows.map((r) => ({ userId: r.id, username: r.username, name: r.displayName, shopRole: r.shopRole!, createdAt: r.createdAt }));
}

export async function removeMember(container: Container, owner: ShopMember, userId: number) {
  const { db } = container;
  const member = await db.user.findFirst({ where: { id: userId, shopId: owner.shopId }, select: { id: true, username: true, displayName: true, shopRole: true } });
  if (!member) throw new AppError('NOT_FOUND', `User ${userId} is not a member of your shop`);
  if (member.shopRole === 'OWNER') throw new AppError('PRECONDITION_FAILED', 'The owner cannot be removed from the shop', 'CANNOT_REMOVE_OWNER');
  // Conditional, so a member removed twice at once (or promoted meanwhile) is removed once.
  const moved = await db.user.updateMany({
    where: { id: userId, shopId: owner.shopId, shopRole: { not: 'OWNER' } },
    data: { role: 'VIEWER', shopId: null, shopRole: null },
  });
  if (moved.count !== 1) throw new AppError('NOT_FOUND', `User ${userId} is not a member of your shop`);
  // Out of the shop at once: every session of the account ends (HTTP and sockets).
  await authRuntime(container).sessions.revokeAllOf(userId);
  await audit(container, actorOf(owner), 'member.remove', { type: 'member', id: userId, name: member.displayName }, { username: member.username, shopRole: member.shopRole }, null);
  return listMembers(db, owner.shopId);
}

export async function createInvitation(container: Container, owner: ShopMember, input: InviteInput) {
  const code = newInvitationCode();
  const row = await container.db.shopInvitation.create({
    data: {
      shopId: owner.shopId,
      role: input.role,
      codeHash: invitationCodeHash(code),
      codeHint: normalizeInvitationCode(code).slice(-4),
      createdById: owner.id,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    },
    select: { id: true, role: true, codeHint: true, expiresAt: true },
  });
  await audit(container, actorOf(owner), 'member.invite', { type: 'invitation', id: row.id, name: `…${row.codeHint}` }, null, { role: row.role, expiresAt: row.expiresAt });
  // The code is shown this once; the database keeps only its hash.
  return { ...row, code };
}

export type InvitationState = 'PENDING' | 'ACCEPTED' | 'EXPIRED' | 'REVOKED';

export async function listInvitations(db: Db, shopId: number) {
  const rows = await db.shopInvitation.findMany({
    where: { shopId },
    select: {
      id: true,
      role: true,
      codeHint: true,
      createdAt: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      createdBy: { select: { displayName: true } },
      acceptedBy: { select: { displayName: true } },
    },
    orderBy: { id: 'desc' },
    take: 50,
  });
  const now = Date.now();
  return rows.map(({ createdBy, acceptedBy, ...r }) => ({
    ...r,
    createdBy: createdBy.displayName,
    acceptedBy: acceptedBy?.displayName ?? null,
    state: (r.acceptedAt ? 'ACCEPTED' : r.revokedAt ? 'REVOKED' : r.expiresAt.getTime() <= now ? 'EXPIRED' : 'PENDING') as InvitationState,
  }));
}

export async function revokeInvitation(container: Container, owner: ShopMember, invitationId: number) {
  const { db } = container;
  const withdrawn = await db.shopInvitation.updateMany({
    where: { id: invitationId, shopId: owner.shopId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (withdrawn.count !== 1) throw new AppError('NOT_FOUND', `Invitation ${invitationId} is not pending in your shop`);
  await audit(container, actorOf(owner), 'member.uninvite', { type: 'invitation', id: invitationId }, { state: 'PENDING' }, { state: 'REVOKED' });
  return listInvitations(db, owner.shopId);
}

/** A pending invitation by its code, or the one refusal for every other case. */
export async function pendingInvitation(db: Db | Prisma.TransactionClient, code: string) {
  if (normalizeInvitationCode(code).length !== CODE_LENGTH) throw invalidInvitation();
  const row = await db.shopInvitation.findUnique({
    where: { codeHash: invitationCodeHash(code) },
    select: { id: true, shopId: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, shop: { select: { name: true } } },
  });
  if (!row || row.acceptedAt || row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw invalidInvitation();
  return row;
}

/** What the invitation page shows before joining: the shop and the part. Throttled per IP. */
export async function invitationInfo(container: Container, ip: string, code: string) {
  await authRuntime(container).throttle.invitationAttempt(ip);
  const row = await pendingInvitation(container.db, code);
  return { shop: row.shop.name, role: row.role, expiresAt: row.expiresAt };
}

/** Marks the invitation used by this user, if it is still pending; false when someone was faster. */
export async function claimInvitation(tx: Prisma.TransactionClient, invitationId: number, userId: number): Promise<boolean> {
  const claimed = await tx.shopInvitation.updateMany({
    where: { id: invitationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    data: { acceptedAt: new Date(), acceptedById: userId },
  });
  return claimed.count === 1;
}

/** After someone joined a shop: their sessions read the new part at once, and the log has it. */
export async function joined(container: Container, member: { id: number; name: string; shopId: number; shopRole: ShopRole }, invitationId: number) {
  await authRuntime(container).sessions.userChanged(member.id);
  await audit(container, { ...member, role: 'HOST' }, 'member.join', { type: 'member', id: member.id, name: member.name }, null, { shopRole: member.shopRole, invitationId });
}

/** A signed-in viewer accepts an invitation: the account becomes a member of the shop. */
export async function acceptInvitation(container: Container, user: SessionUser, ip: string, code: string): Promise<SessionUser> {
  const { db } = container;
  await authRuntime(container).throttle.invitationAttempt(ip);
  const invitation = await pendingInvitation(db, code);
  if (user.role === 'HOST' && user.shopId === invitation.shopId) throw new AppError('CONFLICT', 'You are already a member of this shop', 'ALREADY_MEMBER');
  if (user.role !== 'VIEWER') {
    throw new AppError('PRECONDITION_FAILED', 'Only a viewer account can join a shop: sign up a new account with this invitation instead', 'CANNOT_JOIN');
  }
  const member = await db.$transaction(async (tx) => {
    if (!(await claimInvitation(tx, invitation.id, user.id))) throw invalidInvitation();
    const moved = await tx.user.updateMany({
      where: { id: user.id, role: 'VIEWER' },
      data: { role: 'HOST', shopId: invitation.shopId, shopRole: invitation.role },
    });
    if (moved.count !== 1) throw new AppError('CONFLICT', 'Your account changed meanwhile: reload and try again', 'CANNOT_JOIN');
    return { ...user, role: 'HOST' as const, shopId: invitation.shopId, shopRole: invitation.role };
  });
  await joined(container, member, invitation.id);
  return member;
}
