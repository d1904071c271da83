// Rooms, the viewer's cart and pinning, through createCaller on both backends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import type { Emitted } from '@/server/realtime/emitter';
import { BACKENDS, callerFor, createSeededContainer, userByName } from '@/server/testing/harness';

describe.each(BACKENDS)('live rooms on %s', (backend) => {
  let container: Container;
  let hostRoomId: number;
  let otherShopRoomId: number;

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    const host1 = await userByName(container, 'host1');
    const host2 = await userByName(container, 'host2');
    hostRoomId = (await container.db.liveSession.findFirstOrThrow({ where: { hostId: host1.id }, select: { id: true } })).id;
    otherShopRoomId = (await container.db.liveSession.findFirstOrThrow({ where: { hostId: host2.id }, select: { id: true } })).id;
  });
  afterAll(async () => {
    await container?.close();
  });

  it('shows a viewer only the on-shelf goods, in the host’s order', async () => {
    const anonymous = callerFor(container);
    const before = await anonymous.live.room({ liveId: hostRoomId });
    expect(before.goods.length).toBeGreaterThanOrEqual(3);
    expect(before.goods.map((g) => g.sort)).toEqual([...before.goods.map((g) => g.sort)].sort((a, b) => a - b));

    const hidden = before.goods[1]!;
    const host = callerFor(container, await userByName(container, 'host1'));
    await host.live.setShelf({ liveId: hostRoomId, roomGoodsId: hidden.roomGoodsId, onShelf: false });
    try {
      const after = await anonymous.live.room({ liveId: hostRoomId });
      expect(after.goods.map((g) => g.roomGoodsId)).not.toContain(hidden.roomGoodsId);
      expect((await host.live.desk({ liveId: hostRoomId })).goods.map((g) => g.roomGoodsId)).toContain(hidden.roomGoodsId);
    } finally {
      await host.live.setShelf({ liveId: hostRoomId, roomGoodsId: hidden.roomGoodsId, onShelf: true });
    }
  });

  it('answers NOT_FOUND for a room that does not exist and BAD_REQUEST for a malformed id', async () => {
    const anonymous = callerFor(container);
    await expect(anonymous.live.room({ liveId: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(anonymous.live.room({ liveId: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('pins one item at a time, keeps the pin history and pushes the change to viewers and hosts', async () => {
    const host = callerFor(container, await userByName(container, 'host1'));
    const desk = await host.live.desk({ liveId: hostRoomId });
    const [first, second] = desk.goods;
    const events: Emitted[] = [];
    const stop = container.realtime.onEmit((e) => events.push(e));
    try {
      await host.live.pin({ liveId: hostRoomId, roomGoodsId: first!.roomGoodsId });
      const after = await host.live.pin({ liveId: hostRoomId, roomGoodsId: second!.roomGoodsId });
      expect(after.goods.filter((g) => g.pinned).map((g) => g.roomGoodsId)).toEqual([second!.roomGoodsId]);

      const viewerRoom = await callerFor(container).live.room({ liveId: hostRoomId });
      expect(viewerRoom.pinned).toMatchObject({ roomGoodsId: second!.roomGoodsId, title: second!.title });

      const segments = await container.db.livePinSegment.findMany({ where: { liveId: hostRoomId }, orderBy: { id: 'desc' }, take: 2 });
      expect(segments[0]).toMatchObject({ roomGoodsId: second!.roomGoodsId, endedAt: null });
      expect(segments[1]).toMatchObject({ roomGoodsId: first!.roomGoodsId });
      expect(segments[1]!.endedAt).not.toBeNull();

      const pushes = events.filter((e) => e.event === 'pin:changed');
      expect(pushes.map((e) => e.room)).toEqual([`live:${hostRoomId}`, `live:${hostRoomId}:hosts`, `live:${hostRoomId}`, `live:${hostRoomId}:hosts`]);
      expect(pushes.at(-1)!.payload).toMatchObject({ liveId: hostRoomId, pinned: { roomGoodsId: second!.roomGoodsId } });

      await host.live.pin({ liveId: hostRoomId, roomGoodsId: null });
      expect((await callerFor(container).live.room({ liveId: hostRoomId })).pinned).toBeNull();
      expect(await container.db.livePinSegment.count({ where: { liveId: hostRoomId, endedAt: null } })).toBe(0);
    } finally {
      stop();
    }
  });

  it('keeps a host out of another shop’s room, changing nothing', async () => {
    const host1 = callerFor(container, await userByName(container, 'host1'));
    const host2Desk = await callerFor(container, await userByName(container, 'host2')).live.desk({ liveId: otherShopRoomId });
    await expect(host1.live.desk({ liveId: otherShopRoomId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(host1.live.pin({ liveId: otherShopRoomId, roomGoodsId: host2Desk.goods[0]!.roomGoodsId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await container.db.liveRoomGoods.count({ where: { liveId: otherShopRoomId, pinnedAt: { not: null } } })).toBe(0);
  });

  it('refuses to pin an item of another room', async () => {
    const host1 = callerFor(container, await userByName(container, 'host1'));
    const foreign = await container.db.liveRoomGoods.findFirstOrThrow({ where: { liveId: otherShopRoomId }, select: { id: true } });
    await expect(host1.live.pin({ liveId: hostRoomId, roomGoodsId: foreign.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists only the host’s own goods and rooms', async () => {
    const host1User = await userByName(container, 'host1');
    const host1 = callerFor(container, host1User);
    const goods = await host1.catalog.goods({ page: 1, pageSize: 100 });
    const shopOf = await container.db.spu.findMany({ where: { id: { in: goods.items.map((g) => g.id) } }, select: { shopId: true } });
    expect(goods.items.length).toBeGreaterThan(0);
    expect(new Set(shopOf.map((s) => s.shopId))).toEqual(new Set([host1User.shopId]));
    expect((await host1.live.myRooms()).map((r) => r.id)).toContain(hostRoomId);
    expect((await host1.live.myRooms()).map((r) => r.id)).not.toContain(otherShopRoomId);
    const search = await host1.catalog.goods({ search: '牛仔', page: 1, pageSize: 20 });
    expect(search.items.map((g) => g.title)).toEqual(['高腰直筒牛仔裤']);
  });
});
