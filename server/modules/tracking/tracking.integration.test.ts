// Funnel tracking (cart open → card click → detail view) on both backends: what a row holds for
// signed-in and signed-out viewers, and that bad input is refused without a row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import type { TrackInput } from '@/server/modules/tracking/tracking.schema';
import { BACKENDS, callerFor, createSeededContainer, userByName, refusal, newTag, type Caller } from '@/server/testing/harness';
import { startTestServer } from '@/server/testing/http';
import { createContextInner } from '@/server/trpc/context';
import { createCaller } from '@/server/trpc/root';

type Goods = Awaited<ReturnType<Caller['catalog']['create']>>;



describe.each(BACKENDS)('tracking on %s', (backend) => {
  let container: Container;
  let host1: Caller;
  let viewer: Caller;
  let viewerId: number;
  /** A room of its own, so every row of it comes from this file. */
  let liveId: number;
  let otherLiveId: number;
  let coat: Goods;
  let boots: Goods;
  let notInRoom: Goods;
  const createdSpuIds: number[] = [];
  const createdRoomIds: number[] = [];

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    host1 = callerFor(container, await userByName(container, 'host1'));
    const host1b = callerFor(container, await userByName(container, 'host1b'));
    const viewerUser = await userByName(container, 'viewer2');
    viewer = callerFor(container, viewerUser);
    viewerId = viewerUser.id;
    const categoryId = (await callerFor(container).catalog.categories()).find((c) => c.name === '服饰')!.id;

    const createGoods = async (name: string, sizes: string[]) => {
      const tag = newTag();
      const goods = await host1.catalog.create({
        title: `${name} ${tag}`,
        categoryId,
        images: ['/goods/down.svg'],
        specDefs: [{ name: '尺码', values: sizes }],
        skus: sizes.map((size) => ({ skuCode: `${tag}-${size}`, specs: { 尺码: size }, price: 29900, stock: 50 })),
      });
      createdSpuIds.push(goods.id);
      return goods;
    };
    coat = await createGoods('呢子大衣', ['M', 'L']);
    boots = await createGoods('短靴', ['37', '38']);
    notInRoom = await createGoods('毛毡帽', ['F']);

    for (const spuIds of [[coat.id, boots.id], [notInRoom.id]]) {
      const room = await host1b.live.create({ title: `埋点测试 ${newTag()}` });
      createdRoomIds.push(room.id);
      await host1b.live.addGoods({ liveId: room.id, spuIds });
    }
    [liveId, otherLiveId] = createdRoomIds as [number, number];
  });

  afterAll(async () => {
    if (container) {
      await container.db.liveSession.updateMany({ where: { id: { in: createdRoomIds } }, data: { status: 'ENDED', endedAt: new Date() } });
      await container.db.spu.updateMany({ where: { id: { in: createdSpuIds } }, data: { status: 'ARCHIVED' } });
    }
    await container?.close();
  });

  const rowsWith = (trackingCode: string) =>
    container.db.trackingEvent.findMany({
      where: { trackingCode },
      select: { type: true, liveId: true, spuId: true, skuId: true, trackingCode: true, sourceType: true, userId: true, visitorId: true },
      orderBy: { id: 'asc' },
    });

  const rowsOfRooms = () => container.db.trackingEvent.count({ where: { liveId: { in: [liveId, otherLiveId, 999_999_999] } } });

  it('records a signed-in viewer’s cart open, card click and detail view with room, goods, SKU, code and source', async () => {
    const code = `c${newTag()}`;
    expect(await viewer.tracking.track({ type: 'CART_OPEN', liveId, trackingCode: code, sourceType: 'live' })).toEqual({ ok: true });
    expect(await viewer.tracking.track({ type: 'CARD_CLICK', liveId, spuId: coat.id, trackingCode: code, sourceType: 'live' })).toEqual({ ok: true });
    expect(await viewer.tracking.track({ type: 'DETAIL_VIEW', liveId, spuId: coat.id, skuId: coat.skus[1]!.id, trackingCode: code, sourceType: 'share' })).toEqual({ ok: true });

    expect(await rowsWith(code)).toEqual([
      { type: 'CART_OPEN', liveId, spuId: null, skuId: null, trackingCode: code, sourceType: 'live', userId: viewerId, visitorId: null },
      { type: 'CARD_CLICK', liveId, spuId: coat.id, skuId: null, trackingCode: code, sourceType: 'live', userId: viewerId, visitorId: null },
      { type: 'DETAIL_VIEW', liveId, spuId: coat.id, skuId: coat.skus[1]!.id, trackingCode: code, sourceType: 'share', userId: viewerId, visitorId: null },
    ]);
  });

  it('keeps the optional parts empty and takes a 64-character code with - and _', async () => {
    const code = `${newTag()}_-${'x'.repeat(52)}`;
    expect(code).toHaveLength(64);
    await viewer.tracking.track({ type: 'DETAIL_VIEW', liveId, spuId: boots.id, trackingCode: `  ${code}  ` });
    expect(await rowsWith(code)).toEqual([{ type: 'DETAIL_VIEW', liveId, spuId: boots.id, skuId: null, trackingCode: code, sourceType: null, userId: viewerId, visitorId: null }]);
  });

  it('counts a signed-out visitor by the visitor id, with no user', async () => {
    const code = `v${newTag()}`;
    const visitorId = `vid${newTag()}`;
    const visitor = createCaller(createContextInner({ container, visitorId }));
    await visitor.tracking.track({ type: 'CARD_CLICK', liveId, spuId: boots.id, trackingCode: code, sourceType: 'search' });
    expect(await rowsWith(code)).toEqual([{ type: 'CARD_CLICK', liveId, spuId: boots.id, skuId: null, trackingCode: code, sourceType: 'search', userId: null, visitorId }]);
  });

  it('gives a browser a visitor cookie over HTTP and records its later events under the same id', async () => {
    const server = await startTestServer(container);
    try {
      const code = `h${newTag()}`;
      const post = (input: TrackInput, cookie = '') =>
        fetch(`${server.url}/api/trpc/tracking.track`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ json: input }) });
      const first = await post({ type: 'CART_OPEN', liveId, trackingCode: code });
      expect(first.status).toBe(200);
      const cookie = first.headers.getSetCookie().find((c) => c.startsWith('lc_vid='))!.split(';')[0]!;
      const visitorId = cookie.slice('lc_vid='.length);
      expect((await post({ type: 'CARD_CLICK', liveId, spuId: coat.id, trackingCode: code }, cookie)).status).toBe(200);
      expect((await rowsWith(code)).map((r) => [r.type, r.userId, r.visitorId])).toEqual([
        ['CART_OPEN', null, visitorId],
        ['CARD_CLICK', null, visitorId],
      ]);

      const refused = await post({ type: 'CARD_CLICK', liveId, spuId: notInRoom.id, trackingCode: code }, cookie);
      expect(refused.status).toBe(404);
      expect(await rowsWith(code)).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('refuses an unknown room, goods not in the room, and a SKU of other goods, writing no row', async () => {
    const before = await rowsOfRooms();
    const code = `b${newTag()}`;
    const cases: [TrackInput, string][] = [
      [{ type: 'CART_OPEN', liveId: 999_999_999, trackingCode: code }, 'Live room 999999999 does not exist'],
      [{ type: 'CARD_CLICK', liveId, spuId: notInRoom.id, trackingCode: code }, `Goods ${notInRoom.id} is not in live room ${liveId}`],
      [{ type: 'CARD_CLICK', liveId: otherLiveId, spuId: coat.id, trackingCode: code }, `Goods ${coat.id} is not in live room ${otherLiveId}`],
      [{ type: 'CARD_CLICK', liveId, spuId: 999_999_999, trackingCode: code }, `Goods 999999999 is not in live room ${liveId}`],
      [{ type: 'DETAIL_VIEW', liveId, spuId: coat.id, skuId: boots.skus[0]!.id, trackingCode: code }, `SKU ${boots.skus[0]!.id} is not in live room ${liveId} under goods ${coat.id}`],
      [{ type: 'DETAIL_VIEW', liveId, spuId: coat.id, skuId: 999_999_999, trackingCode: code }, `SKU 999999999 is not in live room ${liveId} under goods ${coat.id}`],
    ];
    for (const [input, message] of cases) {
      expect(await refusal(viewer.tracking.track(input)), JSON.stringify(input)).toMatchObject({ code: 'NOT_FOUND', message });
    }
    expect(await rowsWith(code)).toEqual([]);
    expect(await rowsOfRooms()).toBe(before);
  });

  it('refuses a SKU of goods outside the room even when the goods is not named, writing no row', async () => {
    const code = `s${newTag()}`;
    const error = await refusal(viewer.tracking.track({ type: 'DETAIL_VIEW', liveId, skuId: notInRoom.skus[0]!.id, trackingCode: code }));
    expect(error.code).toBe('NOT_FOUND');
    expect(await rowsWith(code)).toEqual([]);
  });

  it('refuses malformed input with BAD_REQUEST, writing no row', async () => {
    const before = await rowsOfRooms();
    const cases: unknown[] = [
      { type: 'CARD_CLICK', liveId, spuId: coat.id, trackingCode: 'has space' },
      { type: 'CARD_CLICK', liveId, spuId: coat.id, trackingCode: 'x'.repeat(65) },
      { type: 'CARD_CLICK', liveId, spuId: coat.id, trackingCode: '   ' },
      { type: 'CARD_CLICK', liveId, spuId: coat.id, trackingCode: '点击码' },
      { type: 'CARD_CLICK', liveId, spuId: coat.id, trackingCode: "a';drop" },
      { type: 'PURCHASE', liveId, spuId: coat.id },
      { type: 'CARD_CLICK', liveId, spuId: coat.id, sourceType: 'email' },
      { type: 'CARD_CLICK', liveId: 0 },
      { type: 'CARD_CLICK', liveId: String(liveId) },
      { type: 'CARD_CLICK', liveId, spuId: 1.5 },
      { type: 'DETAIL_VIEW', liveId, spuId: coat.id, skuId: -1 },
      { liveId },
    ];
    for (const input of cases) {
      expect((await refusal(viewer.tracking.track(input as TrackInput))).code, JSON.stringify(input)).toBe('BAD_REQUEST');
    }
    expect(await rowsOfRooms()).toBe(before);
  });
});
