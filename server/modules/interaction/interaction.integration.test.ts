// The room's interaction on both backends: comments (limits, banned words, mute, delete, pin,
// the last ones on joining), likes (coalesced pushes, totals kept) and comment-to-buy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { createAccount, shopOf } from '@/server/modules/auth/test-accounts';
import type { Emitted } from '@/server/realtime/emitter';
import type { CommentView } from '@/server/realtime/events';
import { setupFlashSale, type FlashSetup } from '@/server/testing/flash';
import { BACKENDS, callerFor, createSeededContainer, createViewers, refusal, userByName, type Caller } from '@/server/testing/harness';
import { COMMENT_TAIL } from './interaction.service';

const reasonOf = (error: { cause?: unknown }) => (error.cause as { reason?: string } | undefined)?.reason;

describe.each(BACKENDS)('room interaction on %s', (backend) => {
  let container: Container;
  let owner: Caller;
  let otherOwner: Caller;
  let moderator: Caller;
  let setup: FlashSetup;
  let seen: Emitted[];
  let stopWatching: () => void;

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    owner = callerFor(container, await userByName(container, 'host1'));
    otherOwner = callerFor(container, await userByName(container, 'host2'));
    const mod = await createAccount(container, { member: { shopId: await shopOf(container, 'host1'), shopRole: 'MODERATOR' } });
    moderator = callerFor(container, { id: mod.id, role: 'HOST', name: mod.name, shopId: mod.shopId });
    setup = await setupFlashSale(container, { stock: 5, limit: 1 });
    seen = [];
    stopWatching = container.realtime.onEmit((e) => seen.push(e));
  });
  afterAll(async () => {
    stopWatching?.();
    await owner?.interaction.setBannedWords({ words: [] }).catch(() => undefined);
    await container?.close();
  });

  const viewers = async (n: number) => (await createViewers(container, n, 'talk')).map((u) => ({ user: u, caller: callerFor(container, u) }));
  const pushed = <T>(event: string, room = `live:${setup.liveId}`) => seen.filter((e) => e.event === event && e.room === room).map((e) => e.payload as T);
  const addedTexts = () => pushed<{ added: CommentView[] }>('comments:changed').flatMap((p) => p.added.map((c) => c.text));

  it('takes a signed-in viewer’s comment, stores it and pushes it to viewers and the desk', async () => {
    const [{ user, caller }] = await viewers(1);
    const { comment, want } = await caller.interaction.send({ liveId: setup.liveId, text: '  主播好 \n 今天有福利吗 ' });
    expect(comment).toEqual({ id: expect.any(String), userName: user!.name, text: '主播好 今天有福利吗', at: expect.any(Number) });
    expect(want).toBeNull();
    const row = await container.db.liveComment.findUniqueOrThrow({ where: { id: BigInt(comment.id) }, select: { userId: true, state: true, liveId: true } });
    expect(row).toEqual({ userId: user!.id, state: 'VISIBLE', liveId: setup.liveId });
    container.realtime.flush();
    expect(addedTexts()).toContain('主播好 今天有福利吗');
    expect(pushed<{ added: CommentView[] }>('comments:changed', `live:${setup.liveId}:hosts`).some((p) => p.added.some((c) => c.id === comment.id))).toBe(true);
  });

  it('refuses empty, too long and signed-out comments, and the hosts’ own', async () => {
    const [{ caller }] = await viewers(1);
    expect((await refusal(caller.interaction.send({ liveId: setup.liveId, text: ' \u200B ' }))).code).toBe('BAD_REQUEST');
    expect((await refusal(caller.interaction.send({ liveId: setup.liveId, text: '好'.repeat(61) }))).code).toBe('BAD_REQUEST');
    expect((await refusal(callerFor(container).interaction.send({ liveId: setup.liveId, text: 'hi' }))).code).toBe('UNAUTHORIZED');
    expect((await refusal(owner.interaction.send({ liveId: setup.liveId, text: 'hi' }))).code).toBe('FORBIDDEN');
    expect((await refusal(caller.interaction.send({ liveId: 987_654, text: 'hi' }))).code).toBe('NOT_FOUND');
  });

  it('limits each viewer to 5 comments per 10 s with Retry-After, others unaffected', async () => {
    const [a, b] = await viewers(2);
    for (let i = 0; i < 5; i++) await a!.caller.interaction.send({ liveId: setup.liveId, text: `第${i}条` });
    const refused = await refusal(a!.caller.interaction.send({ liveId: setup.liveId, text: '第6条' }));
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(reasonOf(refused)).toBe('RATE_LIMITED');
    expect((refused.cause as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await expect(b!.caller.interaction.send({ liveId: setup.liveId, text: '我还能说' })).resolves.toBeTruthy();
  });

  it('masks the shop’s banned words (operators edit the list, moderators cannot, other shops unaffected)', async () => {
    expect(reasonOf(await refusal(moderator.interaction.setBannedWords({ words: ['垃圾'] })))).toBe('NOT_YOUR_PART');
    expect(await owner.interaction.setBannedWords({ words: [' 垃圾 ', '垃圾', 'VX', ''] })).toEqual({ words: ['垃圾', 'VX'] });
    expect(await moderator.interaction.bannedWords()).toEqual({ words: ['垃圾', 'VX'] });
    expect(await otherOwner.interaction.bannedWords()).toEqual({ words: [] });
    const [{ caller }] = await viewers(1);
    const { comment } = await caller.interaction.send({ liveId: setup.liveId, text: '太垃圾了 加我v x' });
    expect(comment).toMatchObject({ text: '太＊＊了 加我＊ ＊', masked: true });
    const row = await container.db.liveComment.findUniqueOrThrow({ where: { id: BigInt(comment.id) }, select: { text: true, masked: true } });
    expect(row).toEqual({ text: '太＊＊了 加我＊ ＊', masked: true });
    container.realtime.flush();
    expect(addedTexts()).not.toContain('太垃圾了 加我v x');
    const log = await container.db.auditLog.findFirst({ where: { action: 'shop.bannedWords' }, orderBy: { id: 'desc' }, select: { after: true } });
    expect(log?.after).toEqual({ added: ['垃圾', 'VX'] });
    await owner.interaction.setBannedWords({ words: [] });
    expect((await caller.interaction.send({ liveId: setup.liveId, text: '垃圾' })).comment.masked).toBeUndefined();
  });

  it('lets a moderator mute a viewer for N minutes: their comments are refused with the time, others go on; unmute lifts it', async () => {
    const [noisy, calm] = await viewers(2);
    const { comment } = await noisy!.caller.interaction.send({ liveId: setup.liveId, text: '刷屏' });
    const muted = await moderator.interaction.mute({ liveId: setup.liveId, commentId: comment.id, minutes: 10 });
    expect(muted).toMatchObject({ userId: noisy!.user.id, userName: noisy!.user.name });
    expect(Date.parse(muted.until) - Date.now()).toBeGreaterThan(9 * 60_000);
    const refused = await refusal(noisy!.caller.interaction.send({ liveId: setup.liveId, text: '还要说' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(reasonOf(refused)).toBe('MUTED');
    expect(refused.message).toContain(muted.until);
    await expect(calm!.caller.interaction.send({ liveId: setup.liveId, text: '我没事' })).resolves.toBeTruthy();
    expect(await owner.interaction.mutes({ liveId: setup.liveId })).toContainEqual({ userId: noisy!.user.id, userName: noisy!.user.name, until: muted.until });
    // Another shop's host does not see the room.
    expect((await refusal(otherOwner.interaction.mute({ liveId: setup.liveId, commentId: comment.id, minutes: 5 }))).code).toBe('NOT_FOUND');
    await owner.interaction.unmute({ liveId: setup.liveId, userId: noisy!.user.id });
    await expect(noisy!.caller.interaction.send({ liveId: setup.liveId, text: '我改了' })).resolves.toBeTruthy();
  });

  it('deletes a comment for everyone, live, and pins one over the stream (pushed); deleting the pinned one unpins it', async () => {
    const [{ caller }] = await viewers(1);
    const bad = (await caller.interaction.send({ liveId: setup.liveId, text: '要删的' })).comment;
    const good = (await caller.interaction.send({ liveId: setup.liveId, text: '要置顶的' })).comment;
    container.realtime.flush();
    await moderator.interaction.delete({ liveId: setup.liveId, commentId: bad.id });
    container.realtime.flush();
    expect(pushed<{ removed: string[] }>('comments:changed').some((p) => p.removed.includes(bad.id))).toBe(true);
    expect((await callerFor(container).interaction.comments({ liveId: setup.liveId })).comments.map((c) => c.id)).not.toContain(bad.id);
    expect(await container.db.liveComment.findUniqueOrThrow({ where: { id: BigInt(bad.id) }, select: { state: true, deletedBy: true } })).toMatchObject({ state: 'DELETED' });
    expect(reasonOf(await refusal(owner.interaction.pin({ liveId: setup.liveId, commentId: bad.id })))).toBe('NOT_PINNABLE');

    await owner.interaction.pin({ liveId: setup.liveId, commentId: good.id });
    expect(pushed<{ pinned: CommentView | null }>('comment:pinned').at(-1)?.pinned).toMatchObject({ id: good.id, text: '要置顶的' });
    expect((await callerFor(container).interaction.comments({ liveId: setup.liveId })).pinned).toMatchObject({ id: good.id });
    await moderator.interaction.delete({ liveId: setup.liveId, commentId: good.id });
    expect(pushed<{ pinned: CommentView | null }>('comment:pinned').at(-1)?.pinned).toBeNull();
    expect((await callerFor(container).interaction.comments({ liveId: setup.liveId })).pinned).toBeNull();
    expect((await refusal(callerFor(container, (await viewers(1))[0]!.user).interaction.delete({ liveId: setup.liveId, commentId: good.id }))).code).toBe('FORBIDDEN');
  });

  it(`shows the last ${COMMENT_TAIL} comments on joining, oldest first`, async () => {
    const room = await setupFlashSale(container, { stock: 1, limit: 1 });
    const people = await viewers(14);
    const sent: string[] = [];
    for (let i = 0; i < 55; i++) {
      const text = `第${i}句`;
      await people[i % 14]!.caller.interaction.send({ liveId: room.liveId, text });
      sent.push(text);
    }
    const { comments, likes } = await callerFor(container).interaction.comments({ liveId: room.liveId });
    expect(comments.map((c) => c.text)).toEqual(sent.slice(-COMMENT_TAIL));
    expect(likes).toBe(0);
  });

  it('counts likes per room from batched taps: a few pushes, not one per tap, and the total kept in the database', async () => {
    const room = await setupFlashSale(container, { stock: 1, limit: 1 });
    const people = await viewers(5);
    const before = seen.length;
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) for (const p of people) calls.push(p.caller.interaction.like({ liveId: room.liveId, count: 10 }));
    // Signed-out viewers tap too (limited by their visitor cookie or address).
    calls.push(callerFor(container, undefined, '10.9.0.1').interaction.like({ liveId: room.liveId, count: 50 }));
    await Promise.all(calls);
    expect((await refusal(people[0]!.caller.interaction.like({ liveId: room.liveId, count: 51 }))).code).toBe('BAD_REQUEST');
    await container.interaction.likes.flush();
    container.realtime.flush();
    const pushes = seen.slice(before).filter((e) => e.event === 'likes:changed' && e.room === `live:${room.liveId}`).map((e) => (e.payload as { total: number }).total);
    expect(pushes.length).toBeGreaterThanOrEqual(1);
    expect(pushes.length).toBeLessThanOrEqual(3);
    expect(pushes.at(-1)).toBe(1050);
    expect((await callerFor(container).interaction.comments({ liveId: room.liveId })).likes).toBe(1050);
    expect((await container.db.liveSession.findUniqueOrThrow({ where: { id: room.liveId }, select: { likeCount: true } })).likeCount).toBe(1050);
    // A lost counter starts again from the database's figure, never from zero.
    if (container.redis) {
      await container.redis.del(`{live:${room.liveId}}:likes`);
      await people[0]!.caller.interaction.like({ liveId: room.liveId, count: 5 });
      await container.interaction.likes.flush();
      expect((await callerFor(container).interaction.comments({ liveId: room.liveId })).likes).toBe(1055);
    }
  });

  it('turns a comment with an item’s keyword into intent: the card for the sender, a WANT event, the 想要 count on the desk', async () => {
    const room = await setupFlashSale(container, { stock: 3, limit: 1 });
    expect(reasonOf(await refusal(moderator.interaction.setKeyword({ liveId: room.liveId, roomGoodsId: room.roomGoodsId, keyword: '1号' })))).toBe('NOT_YOUR_PART');
    const desk = await owner.interaction.setKeyword({ liveId: room.liveId, roomGoodsId: room.roomGoodsId, keyword: ' 1号 ' });
    expect(desk.goods.find((g) => g.roomGoodsId === room.roomGoodsId)).toMatchObject({ keyword: '1号', wantCount: 0 });
    // Viewers see it in the room (a goods change: new version).
    expect((await callerFor(container).live.room({ liveId: room.liveId })).goods[0]).toMatchObject({ keyword: '1号' });

    const [a, b] = await viewers(2);
    const first = await a!.caller.interaction.send({ liveId: room.liveId, text: '扣１号！' });
    expect(first.want).toEqual({ roomGoodsId: room.roomGoodsId, spuId: room.spuId });
    expect((await a!.caller.interaction.send({ liveId: room.liveId, text: '1号1号' })).want).toEqual({ roomGoodsId: room.roomGoodsId, spuId: room.spuId });
    expect((await b!.caller.interaction.send({ liveId: room.liveId, text: '11号有吗' })).want).toBeNull();
    expect((await b!.caller.interaction.send({ liveId: room.liveId, text: '我也要1号' })).want).not.toBeNull();

    const item = await container.db.liveRoomGoods.findUniqueOrThrow({ where: { id: room.roomGoodsId }, select: { wantCount: true } });
    expect(item.wantCount).toBe(2);
    const events = await container.db.trackingEvent.findMany({ where: { liveId: room.liveId, type: 'WANT' }, select: { spuId: true, userId: true, sourceType: true } });
    expect(events).toEqual(expect.arrayContaining([{ spuId: room.spuId, userId: a!.user.id, sourceType: 'live' }, { spuId: room.spuId, userId: b!.user.id, sourceType: 'live' }]));
    expect(events).toHaveLength(2);
    container.realtime.flush();
    const wants = pushed<{ items: { roomGoodsId: number; wantCount: number }[] }>('want:changed', `live:${room.liveId}:hosts`);
    expect(wants.at(-1)?.items).toContainEqual({ roomGoodsId: room.roomGoodsId, wantCount: 2 });
    expect(pushed('want:changed', `live:${room.liveId}`)).toEqual([]);
    expect((await owner.live.desk({ liveId: room.liveId })).goods[0]!.wantCount).toBe(2);

    // One keyword per item in a room; clearing it stops the matching.
    const other = await owner.catalog.create({ title: '另一个商品', subtitle: '', description: '', categoryId: (await container.db.category.findFirstOrThrow({ select: { id: true } })).id, images: ['/goods/tee.svg'], specDefs: [], skus: [{ skuCode: `KW-${room.liveId}`, specs: {}, price: 1000, stock: 5 }] });
    const withOther = await owner.live.addGoods({ liveId: room.liveId, spuIds: [other.id] });
    const otherItem = withOther.goods.find((g) => g.spuId === other.id)!;
    expect(reasonOf(await refusal(owner.interaction.setKeyword({ liveId: room.liveId, roomGoodsId: otherItem.roomGoodsId, keyword: '１号' })))).toBe('KEYWORD_TAKEN');
    await owner.interaction.setKeyword({ liveId: room.liveId, roomGoodsId: room.roomGoodsId, keyword: null });
    expect((await a!.caller.interaction.send({ liveId: room.liveId, text: '1号' })).want).toBeNull();
  });
});
