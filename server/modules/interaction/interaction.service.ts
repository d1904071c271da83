// The room's interaction (DESIGN.md §3 interaction): comments with a shop's banned words masked,
// mutes, deletion and a pinned comment; likes; comment-to-buy keywords and their 想要 counts.
// Every change reaches the room through container.realtime.publish (server/realtime/routes.ts
// says who receives it and how it is batched).
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import { audit, type AuditActor } from '@/server/modules/audit/audit';
import type { SessionUser } from '@/server/modules/auth/session';
import { getDeskRoom } from '@/server/modules/live/live.service';
import { roomGoodsChanged } from '@/server/modules/live/room-view';
import type { CommentView } from '@/server/realtime/events';
import { maskBannedWords, matchKeyword, normalizeBannedWords, sameKeyword, type Keyword } from './comment-text';
import { commentSelect, toCommentView } from './comment-view';
import type { BannedWordsInput, CommentRefInput, KeywordInput, LikeInput, MuteInput, PinCommentInput, SendCommentInput, UnmuteInput } from './interaction.schema';
import type { RoomRules } from './room-rules';

/** How many comments a viewer sees on joining. */
export const COMMENT_TAIL = 50;

type Member = AuditActor & { shopId: number };

async function rulesOf(container: Container, liveId: number): Promise<RoomRules> {
  const rules = await container.interaction.rules.get(liveId);
  if (!rules) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist`);
  return rules;
}

/** The room, if it is the member's shop's (another shop's looks the same as a missing one). */
async function requireShopRoom(db: Db, shopId: number, liveId: number) {
  const room = await db.liveSession.findUnique({ where: { id: liveId }, select: { id: true, shopId: true, title: true, status: true, pinnedCommentId: true } });
  if (!room || room.shopId !== shopId) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist in your shop`);
  return room;
}

async function pinnedView(db: Db, liveId: number, pinnedCommentId: bigint | null): Promise<CommentView | null> {
  if (pinnedCommentId === null) return null;
  const row = await db.liveComment.findFirst({ where: { id: pinnedCommentId, liveId, state: 'VISIBLE' }, select: commentSelect });
  return row ? toCommentView(row) : null;
}

/** What a viewer (or the desk) sees on joining: the last comments, the pinned one, the likes. */
export async function roomComments(container: Container, liveId: number) {
  const { db } = container;
  const room = await db.liveSession.findUnique({ where: { id: liveId }, select: { pinnedCommentId: true } });
  if (!room) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist`);
  const [rows, pinned, likes] = await Promise.all([
    db.liveComment.findMany({ where: { liveId, state: 'VISIBLE' }, select: commentSelect, orderBy: { id: 'desc' }, take: COMMENT_TAIL }),
    pinnedView(db, liveId, room.pinnedCommentId),
    container.interaction.likes.total(liveId),
  ]);
  return { comments: rows.reverse().map(toCommentView), pinned, likes };
}

/**
 * A viewer's comment: limited per viewer, refused while muted or once the room has ended,
 * banned words masked (＊), stored, pushed in the room's next batch. A comment that names an
 * item's keyword also answers with that item, for the sender's page to open its card.
 */
export async function sendComment(container: Container, user: SessionUser, input: SendCommentInput): Promise<{ comment: CommentView; want: { roomGoodsId: number; spuId: number } | null }> {
  const { db, interaction, realtime } = container;
  await interaction.limits.comment(user.id);
  const rules = await rulesOf(container, input.liveId);
  if (rules.status === 'ENDED') throw new AppError('PRECONDITION_FAILED', `Live room ${input.liveId} has ended`, 'ROOM_ENDED');
  const mutedUntil = rules.mutes.get(user.id);
  if (mutedUntil !== undefined && mutedUntil > Date.now()) {
    throw new AppError('FORBIDDEN', `You are muted in this room until ${new Date(mutedUntil).toISOString()}`, 'MUTED', { params: { until: mutedUntil } });
  }
  const { text, masked } = maskBannedWords(input.text, rules.bannedWords);
  const row = await db.liveComment.create({ data: { liveId: input.liveId, userId: user.id, userName: user.name.slice(0, 40), text, masked }, select: commentSelect });
  const comment = toCommentView(row);
  realtime.publish('comments:changed', { liveId: input.liveId, added: [comment], removed: [] });
  // What was said, not what is shown: a keyword next to a banned word still counts.
  const matched = matchKeyword(input.text, rules.keywords);
  if (matched) await recordWant(container, user, input.liveId, matched);
  return { comment, want: matched ? { roomGoodsId: matched.roomGoodsId, spuId: matched.spuId } : null };
}

/**
 * Comment-to-buy: the viewer's intent, once per viewer and item — a WANT event in the funnel
 * and one more on the item's 想要 count, pushed to the desk. Asking again opens the card again
 * but counts nothing.
 */
async function recordWant(container: Container, user: SessionUser, liveId: number, item: Keyword) {
  const { db, realtime } = container;
  const wanted = await db.$transaction(async (tx) => {
    const first = await tx.$executeRaw`
      INSERT INTO tracking_event (type, live_id, spu_id, user_id, source_type)
      SELECT 'WANT'::"TrackingEventType", ${liveId}, ${item.spuId}, ${user.id}, 'live'
      WHERE NOT EXISTS (SELECT 1 FROM tracking_event WHERE type = 'WANT' AND live_id = ${liveId} AND spu_id = ${item.spuId} AND user_id = ${user.id})`;
    if (first !== 1) return null;
    const rows = await tx.$queryRaw<{ want_count: number }[]>`UPDATE live_room_goods SET want_count = want_count + 1 WHERE id = ${item.roomGoodsId} RETURNING want_count`;
    return rows[0]?.want_count ?? null;
  });
  if (wanted !== null) realtime.publish('want:changed', { liveId, items: [{ roomGoodsId: item.roomGoodsId, wantCount: wanted }] });
}

/** Likes: taps batched by the client, counted and pushed per room (likes.ts). */
export async function likeRoom(container: Container, who: { userId?: number; visitorId?: string; ip: string }, input: LikeInput) {
  const { interaction } = container;
  await interaction.limits.like(who.userId !== undefined ? `u:${who.userId}` : who.visitorId !== undefined ? `v:${who.visitorId}` : `ip:${who.ip}`);
  const rules = await rulesOf(container, input.liveId);
  if (rules.status === 'ENDED') throw new AppError('PRECONDITION_FAILED', `Live room ${input.liveId} has ended`, 'ROOM_ENDED');
  interaction.likes.add(input.liveId, input.count);
  return { ok: true as const };
}

// ── The desk: hosts and moderators ──

/** Removes a comment for everyone (and from the pin, if it was pinned). */
export async function deleteComment(container: Container, member: Member, input: CommentRefInput) {
  const { db, realtime } = container;
  const room = await requireShopRoom(db, member.shopId, input.liveId);
  const id = BigInt(input.commentId);
  const row = await db.liveComment.findFirst({ where: { id, liveId: input.liveId }, select: { ...commentSelect, state: true } });
  if (!row) throw new AppError('NOT_FOUND', `Comment ${input.commentId} is not in room ${input.liveId}`);
  if (row.state === 'VISIBLE') {
    await db.liveComment.updateMany({ where: { id, state: 'VISIBLE' }, data: { state: 'DELETED', deletedBy: member.id } });
    realtime.publish('comments:changed', { liveId: input.liveId, added: [], removed: [input.commentId] });
    if (room.pinnedCommentId === id) {
      await db.liveSession.updateMany({ where: { id: input.liveId, pinnedCommentId: id }, data: { pinnedCommentId: null } });
      realtime.publish('comment:pinned', { liveId: input.liveId, pinned: null });
    }
    await audit(container, member, 'comment.delete', { type: 'comment', id: input.commentId, name: row.userName }, { text: row.text }, null);
  }
  return { ok: true as const };
}

/** Mutes the comment's author in this room for a while; their comments are refused until then. */
export async function muteViewer(container: Container, member: Member, input: MuteInput) {
  const { db, interaction } = container;
  const room = await requireShopRoom(db, member.shopId, input.liveId);
  const row = await db.liveComment.findFirst({ where: { id: BigInt(input.commentId), liveId: input.liveId }, select: { userId: true, userName: true, kind: true } });
  if (!row) throw new AppError('NOT_FOUND', `Comment ${input.commentId} is not in room ${input.liveId}`);
  if (row.userId === null) throw new AppError('BAD_REQUEST', 'A line the room wrote itself has no author to mute', 'NOT_A_VIEWER');
  const until = new Date(Date.now() + input.minutes * 60_000);
  await db.liveMute.upsert({
    where: { liveId_userId: { liveId: input.liveId, userId: row.userId } },
    create: { liveId: input.liveId, userId: row.userId, until, mutedBy: member.id },
    update: { until, mutedBy: member.id },
  });
  await interaction.rules.changed({ liveId: input.liveId });
  await audit(container, member, 'comment.mute', { type: 'viewer', id: row.userId, name: row.userName }, null, { room: room.title, minutes: input.minutes, until: until.toISOString() });
  return { userId: row.userId, userName: row.userName, until: until.toISOString() };
}

export async function unmuteViewer(container: Container, member: Member, input: UnmuteInput) {
  const { db, interaction } = container;
  const room = await requireShopRoom(db, member.shopId, input.liveId);
  const gone = await db.liveMute.deleteMany({ where: { liveId: input.liveId, userId: input.userId } });
  if (gone.count) {
    await interaction.rules.changed({ liveId: input.liveId });
    await audit(container, member, 'comment.unmute', { type: 'viewer', id: input.userId }, { room: room.title }, null);
  }
  return { ok: true as const };
}

/** Viewers muted in the room now, with their names as they last commented. */
export async function listMutes(db: Db, shopId: number | null, liveId: number) {
  const room = await db.liveSession.findUnique({ where: { id: liveId }, select: { shopId: true } });
  if (!room || (shopId !== null && room.shopId !== shopId)) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist in your shop`);
  const rows = await db.liveMute.findMany({ where: { liveId, until: { gt: new Date() } }, select: { userId: true, until: true }, orderBy: { until: 'desc' } });
  const users = await db.user.findMany({ where: { id: { in: rows.map((r) => r.userId) } }, select: { id: true, displayName: true } });
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return rows.map((r) => ({ userId: r.userId, userName: names.get(r.userId) ?? '', until: r.until.toISOString() }));
}

/** Pins one visible viewer comment over the stream (null unpins). */
export async function pinComment(container: Container, member: Member, input: PinCommentInput) {
  const { db, realtime } = container;
  const room = await requireShopRoom(db, member.shopId, input.liveId);
  let pinned: CommentView | null = null;
  if (input.commentId !== null) {
    const row = await db.liveComment.findFirst({ where: { id: BigInt(input.commentId), liveId: input.liveId }, select: { ...commentSelect, state: true } });
    if (!row) throw new AppError('NOT_FOUND', `Comment ${input.commentId} is not in room ${input.liveId}`);
    if (row.state !== 'VISIBLE' || row.kind !== 'USER') throw new AppError('PRECONDITION_FAILED', 'Only a visible viewer comment can be pinned', 'NOT_PINNABLE');
    pinned = toCommentView(row);
  }
  await db.liveSession.update({ where: { id: input.liveId }, data: { pinnedCommentId: input.commentId === null ? null : BigInt(input.commentId) } });
  realtime.publish('comment:pinned', { liveId: input.liveId, pinned });
  await audit(container, member, 'comment.pin', { type: 'room', id: input.liveId, name: room.title }, { commentId: room.pinnedCommentId?.toString() ?? null }, { commentId: input.commentId, text: pinned?.text ?? null });
  return { pinned };
}

// ── The shop's banned words and the items' keywords: owner and operators ──

export async function getBannedWords(db: Db, shopId: number) {
  const rows = await db.shopBannedWord.findMany({ where: { shopId }, select: { word: true }, orderBy: { createdAt: 'asc' } });
  return { words: rows.map((r) => r.word) };
}

/** Replaces the shop's list; comments sent from now on are masked by it, in every room. */
export async function setBannedWords(container: Container, member: Member, input: BannedWordsInput) {
  const { db, interaction } = container;
  const before = await getBannedWords(db, member.shopId);
  const words = normalizeBannedWords(input.words);
  await db.$transaction([db.shopBannedWord.deleteMany({ where: { shopId: member.shopId } }), db.shopBannedWord.createMany({ data: words.map((word) => ({ shopId: member.shopId, word })) })]);
  await interaction.rules.changed({ shopId: member.shopId });
  const added = words.filter((w) => !before.words.includes(w));
  const removed = before.words.filter((w) => !words.includes(w));
  if (added.length || removed.length) await audit(container, member, 'shop.bannedWords', { type: 'shop', id: member.shopId }, { removed }, { added });
  return { words };
}

/** Gives a room item its comment-to-buy keyword ("1号", "想要"), or clears it. */
export async function setKeyword(container: Container, member: Member, input: KeywordInput) {
  const { db, interaction } = container;
  const room = await requireShopRoom(db, member.shopId, input.liveId);
  if (room.status === 'ENDED') throw new AppError('PRECONDITION_FAILED', `Live room ${input.liveId} has ended`, 'ROOM_ENDED');
  const items = await db.liveRoomGoods.findMany({ where: { liveId: input.liveId }, select: { id: true, keyword: true, spu: { select: { title: true } } } });
  const item = items.find((i) => i.id === input.roomGoodsId);
  if (!item) throw new AppError('NOT_FOUND', `Item ${input.roomGoodsId} is not in room ${input.liveId}`);
  if (input.keyword !== null) {
    const taken = items.find((i) => i.id !== item.id && i.keyword && sameKeyword(i.keyword, input.keyword!));
    if (taken) throw new AppError('CONFLICT', `“${taken.keyword}” is the keyword of ${taken.spu.title} already`, 'KEYWORD_TAKEN', { params: { keyword: taken.keyword!, title: taken.spu.title } });
  }
  if (item.keyword !== input.keyword) {
    await db.liveRoomGoods.update({ where: { id: item.id }, data: { keyword: input.keyword } });
    await interaction.rules.changed({ liveId: input.liveId });
    await roomGoodsChanged(container, input.liveId);
    await audit(container, member, 'room.keyword', { type: 'room_goods', id: item.id, name: item.spu.title }, { keyword: item.keyword }, { keyword: input.keyword });
  }
  return getDeskRoom(db, member.shopId, input.liveId);
}

/** A socket joined a room's viewers: a viewer's arrival, for the coalesced "X 来了" line. */
export async function viewerArrived(container: Container, who: { user?: SessionUser; visitorId?: string }, liveId: number) {
  if (who.user && who.user.role !== 'VIEWER') return;
  const key = who.user ? `u:${who.user.id}` : who.visitorId ? `v:${who.visitorId}` : null;
  if (!key) return;
  const rules = await container.interaction.rules.get(liveId);
  if (!rules || rules.status === 'ENDED') return;
  container.interaction.arrivals.arrived(liveId, key, who.user?.name ?? null);
}
