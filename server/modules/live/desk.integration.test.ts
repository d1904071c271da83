// The host's control desk: the room's lifecycle and its goods bag (add, remove, reorder, shelf,
// welfare), what viewers see after each change, the pushes, and who may do what. Every test
// works on rooms it opens itself, so the seeded rooms stay as other files expect them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { roomCacheKey, type ViewerRoom } from '@/server/modules/live/room-view';
import type { Emitted } from '@/server/realtime/emitter';
import { BACKENDS, createSeededContainer, userByName, refusal, newTag, type Caller, demoCallers } from '@/server/testing/harness';




describe.each(BACKENDS)('control desk on %s', (backend) => {
  let container: Container;
  let host1: Caller;
  /** The shop's second operator opens this file's rooms: the seeded room is found by host1's id elsewhere. */
  let host1b: Caller;
  let host2: Caller;
  let ops: Caller;
  let viewer: Caller;
  let anonymous: Caller;
  let host1bId: number;
  let shopLi: number;
  let clothesId: number;
  let seededScheduledRoomId: number;
  let foreignSpuId: number;
  const createdSpuIds: number[] = [];
  const createdRoomIds: number[] = [];

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    const host1User = await userByName(container, 'host1');
    const host1bUser = await userByName(container, 'host1b');
    const host2User = await userByName(container, 'host2');
    ({ host1, host1b, host2, ops, viewer, anonymous } = await demoCallers(container));
    host1bId = host1bUser.id;
    shopLi = host1User.shopId!;
    clothesId = (await anonymous.catalog.categories()).find((c) => c.name === '服饰')!.id;
    seededScheduledRoomId = (await container.db.liveSession.findFirstOrThrow({ where: { hostId: host2User.id }, orderBy: { id: 'asc' }, select: { id: true } })).id;
    foreignSpuId = (await container.db.spu.findFirstOrThrow({ where: { shopId: host2User.shopId!, title: '赣南脐橙' }, select: { id: true } })).id;
  });

  afterAll(async () => {
    if (container) {
      await container.db.liveSession.updateMany({ where: { id: { in: createdRoomIds } }, data: { status: 'ENDED', endedAt: new Date() } });
      await container.db.spu.updateMany({ where: { id: { in: createdSpuIds } }, data: { status: 'ARCHIVED' } });
    }
    await container?.close();
  });

  /** Goods of shop 李记 with one SKU per given stock. */
  async function createGoods(name: string, stocks: number[] = [10]) {
    const tag = newTag();
    const goods = await host1.catalog.create({
      title: `${name} ${tag}`,
      categoryId: clothesId,
      images: ['/goods/scarf.svg'],
      specDefs: [{ name: '款式', values: stocks.map((_, i) => `款${i + 1}`) }],
      skus: stocks.map((stock, i) => ({ skuCode: `${tag}-${i + 1}`, specs: { 款式: `款${i + 1}` }, price: 5000 + 1000 * i, stock })),
    });
    createdSpuIds.push(goods.id);
    return goods;
  }

  async function openRoom(opts: { goods?: number[]; live?: boolean } = {}) {
    const room = await host1b.live.create({ title: `控台测试 ${newTag()}` });
    createdRoomIds.push(room.id);
    if (opts.goods?.length) await host1b.live.addGoods({ liveId: room.id, spuIds: opts.goods });
    if (opts.live) await host1b.live.start({ liveId: room.id });
    return room.id;
  }

  /** A room carrying three fresh goods, in that order. */
  async function roomWithThree(live = false) {
    const goods = [await createGoods('围巾甲'), await createGoods('围巾乙'), await createGoods('围巾丙')];
    const liveId = await openRoom({ goods: goods.map((g) => g.id), live });
    const items = (await host1b.live.desk({ liveId })).goods;
    return { liveId, goods, items, ids: items.map((i) => i.roomGoodsId) };
  }

  /** Runs a change and returns what it pushed. */
  async function pushesOf<T>(change: () => Promise<T>): Promise<{ result: T; events: Emitted[] }> {
    const events: Emitted[] = [];
    const stop = container.realtime.onEmit((e) => events.push(e));
    try {
      return { result: await change(), events };
    } finally {
      stop();
    }
  }

  const goodsChanged = (events: Emitted[], liveId: number) =>
    events.filter((e) => e.event === 'goods:changed' && (e.payload as { liveId: number }).liveId === liveId);

  /** What the desk and the database say about a room, to prove a refusal changed nothing. */
  const roomState = async (liveId: number) => ({
    desk: await host1b.live.desk({ liveId }),
    room: await container.db.liveSession.findUniqueOrThrow({ where: { id: liveId }, select: { status: true, goodsVersion: true, startedAt: true, endedAt: true, updatedAt: true } }),
    segments: await container.db.livePinSegment.findMany({ where: { liveId }, select: { id: true, endedAt: true }, orderBy: { id: 'asc' } }),
  });

  const viewerOrder = (room: ViewerRoom) => room.goods.map((g) => g.roomGoodsId);

  describe('room lifecycle', () => {
    it('creates a scheduled room of the host’s shop, starts it and ends it, telling viewers and hosts', async () => {
      const created = await host1b.live.create({ title: '  周末上新专场  ' });
      createdRoomIds.push(created.id);
      expect(created).toMatchObject({ title: '周末上新专场', status: 'SCHEDULED' });
      expect(await container.db.liveSession.findUniqueOrThrow({ where: { id: created.id }, select: { shopId: true, hostId: true } })).toEqual({ shopId: shopLi, hostId: host1bId });
      expect((await host1.live.myRooms()).map((r) => r.id)).toContain(created.id);
      expect((await host2.live.myRooms()).map((r) => r.id)).not.toContain(created.id);

      const started = await pushesOf(() => host1.live.start({ liveId: created.id }));
      expect(started.result).toMatchObject({ id: created.id, status: 'LIVE' });
      expect(started.events.filter((e) => e.event === 'room:status')).toEqual([
        { room: `live:${created.id}`, event: 'room:status', payload: { liveId: created.id, status: 'LIVE' } },
        { room: `live:${created.id}:hosts`, event: 'room:status', payload: { liveId: created.id, status: 'LIVE' } },
      ]);
      expect((await anonymous.live.room({ liveId: created.id })).status).toBe('LIVE');

      const ended = await pushesOf(() => host1b.live.end({ liveId: created.id }));
      expect(ended.result.status).toBe('ENDED');
      expect(ended.events.filter((e) => e.event === 'room:status').map((e) => e.payload)).toEqual([
        { liveId: created.id, status: 'ENDED' },
        { liveId: created.id, status: 'ENDED' },
      ]);
      const row = await container.db.liveSession.findUniqueOrThrow({ where: { id: created.id }, select: { startedAt: true, endedAt: true } });
      expect(row.startedAt).not.toBeNull();
      expect(row.endedAt!.getTime()).toBeGreaterThanOrEqual(row.startedAt!.getTime());
    });

    it('refuses to end a scheduled room, start a live one, or move an ended one, with PRECONDITION_FAILED', async () => {
      const liveId = await openRoom();
      const ending = await refusal(host1b.live.end({ liveId }));
      expect(ending).toMatchObject({ code: 'PRECONDITION_FAILED', message: `Room ${liveId} is scheduled: only a live room can be ended` });
      expect((await host1b.live.desk({ liveId })).status).toBe('SCHEDULED');

      await host1b.live.start({ liveId });
      const restart = await refusal(host1b.live.start({ liveId }));
      expect(restart).toMatchObject({ code: 'PRECONDITION_FAILED', message: `Room ${liveId} is live: only a scheduled room can be started` });

      await host1b.live.end({ liveId });
      const before = await roomState(liveId);
      expect((await refusal(host1b.live.start({ liveId }))).code).toBe('PRECONDITION_FAILED');
      expect((await refusal(host1b.live.end({ liveId }))).code).toBe('PRECONDITION_FAILED');
      expect(await roomState(liveId)).toEqual(before);
      expect(before.room.status).toBe('ENDED');
    });

    it('refuses a room without a title or with one over 80 characters, writing nothing', async () => {
      const tag = newTag();
      for (const title of ['   ', `${tag}${'长'.repeat(71)}`]) {
        const error = await refusal(host1b.live.create({ title }));
        expect(error.code).toBe('BAD_REQUEST');
      }
      expect((await refusal(host1b.live.create({ title: '   ' }))).message).toContain('invalid.room.titleRequired');
      expect((await refusal(host1b.live.create({ title: `${tag}${'长'.repeat(71)}` }))).message).toContain('invalid.room.titleTooLong');
      expect(await container.db.liveSession.count({ where: { title: { contains: tag } } })).toBe(0);
    });

    it('shows viewers nothing of a room once it has ended', async () => {
      const { liveId } = await roomWithThree(true);
      expect((await anonymous.live.room({ liveId })).goods).toHaveLength(3);
      await host1b.live.end({ liveId });
      expect(await anonymous.live.room({ liveId })).toMatchObject({ status: 'ENDED', goods: [], pinned: null });
    });
  });

  describe('adding goods', () => {
    it('appends goods in the given order with a snapshot of their SKUs’ total stock', async () => {
      const first = await createGoods('羊毛帽', [3, 4]);
      const liveId = await openRoom({ goods: [first.id] });
      const [second, third] = [await createGoods('手套', [0, 5, 6]), await createGoods('袜子', [12])];

      const desk = await host1b.live.addGoods({ liveId, spuIds: [third.id, second.id, third.id] });
      expect(desk.goods.map((g) => [g.spuId, g.sort, g.stockSnapshot, g.onShelf, g.pinned, g.isWelfare])).toEqual([
        [first.id, 1, 7, true, false, false],
        [third.id, 2, 12, true, false, false],
        [second.id, 3, 11, true, false, false],
      ]);
      expect((await anonymous.live.room({ liveId })).goods.map((g) => g.spuId)).toEqual([first.id, third.id, second.id]);

      // A snapshot: later stock changes show in the live total, not in the snapshot.
      await host1.catalog.changeStock({ skuId: first.skus[0]!.id, stock: 30 });
      expect((await host1b.live.desk({ liveId })).goods[0]).toMatchObject({ stockSnapshot: 7, totalStock: 34 });
    });

    it('refuses goods already in the room with CONFLICT, adding none of the batch', async () => {
      const inRoom = await createGoods('披肩');
      const fresh = await createGoods('发带');
      const liveId = await openRoom({ goods: [inRoom.id] });
      const before = await roomState(liveId);
      const { result, events } = await pushesOf(() => refusal(host1b.live.addGoods({ liveId, spuIds: [fresh.id, inRoom.id] })));
      expect(result).toMatchObject({ code: 'CONFLICT', message: `Goods ${inRoom.id} already in this room` });
      expect(events).toEqual([]);
      expect(await roomState(liveId)).toEqual(before);
    });

    it('refuses another shop’s goods and unknown goods with NOT_FOUND, adding none of the batch', async () => {
      const fresh = await createGoods('腰带');
      const liveId = await openRoom();
      const before = await roomState(liveId);
      expect(await refusal(host1b.live.addGoods({ liveId, spuIds: [fresh.id, foreignSpuId] }))).toMatchObject({
        code: 'NOT_FOUND',
        message: `Goods ${foreignSpuId} not found in your library`,
      });
      expect((await refusal(host1b.live.addGoods({ liveId, spuIds: [fresh.id, 999_999_999] }))).code).toBe('NOT_FOUND');
      expect((await refusal(host1b.live.addGoods({ liveId, spuIds: [] }))).code).toBe('BAD_REQUEST');
      expect((await refusal(host1b.live.addGoods({ liveId, spuIds: [0] }))).code).toBe('BAD_REQUEST');
      expect((await refusal(host1b.live.addGoods({ liveId: 999_999_999, spuIds: [fresh.id] }))).code).toBe('NOT_FOUND');
      expect(await roomState(liveId)).toEqual(before);
      expect(before.desk.goods).toEqual([]);
    });
  });

  describe('removing goods', () => {
    it('removes an item; viewers of the live room stop seeing it at once', async () => {
      const { liveId, goods, ids } = await roomWithThree(true);
      expect(viewerOrder(await viewer.live.room({ liveId }))).toEqual(ids);
      const desk = await host1b.live.removeGoods({ liveId, roomGoodsId: ids[1]! });
      expect(desk.goods.map((g) => g.spuId)).toEqual([goods[0]!.id, goods[2]!.id]);
      expect(viewerOrder(await viewer.live.room({ liveId }))).toEqual([ids[0], ids[2]]);
      expect(await container.db.liveRoomGoods.count({ where: { id: ids[1]! } })).toBe(0);
      // The goods stay in the library.
      expect((await host1.catalog.goodsById({ spuId: goods[1]!.id })).id).toBe(goods[1]!.id);
    });

    it('unpins a presented item it removes and keeps its presentation in the pin history', async () => {
      const { liveId, ids } = await roomWithThree(true);
      await host1b.live.pin({ liveId, roomGoodsId: ids[0]! });
      const { result, events } = await pushesOf(() => host1b.live.removeGoods({ liveId, roomGoodsId: ids[0]! }));
      expect(result.pinned).toBeNull();
      expect((await viewer.live.room({ liveId })).pinned).toBeNull();
      expect(goodsChanged(events, liveId)).toHaveLength(2);
      // The per-presentation history (and the orders attributed to it) outlives the item.
      const history = await host1b.live.pinHistory({ liveId });
      // The segment stays; it no longer points at the removed item.
      expect(history).toEqual([expect.objectContaining({ roomGoodsId: null, endedAt: expect.any(Date) })]);
    });

    it('refuses an item of another room with NOT_FOUND and an item with a flash sale with PRECONDITION_FAILED', async () => {
      const { liveId, ids, goods } = await roomWithThree();
      const foreignItem = await container.db.liveRoomGoods.findFirstOrThrow({ where: { liveId: seededScheduledRoomId }, select: { id: true } });
      const soon = Date.now() + 3600_000;
      await host1b.flashSale.create({
        liveId,
        roomGoodsId: ids[2]!,
        window: { kind: 'scheduled', startsAt: new Date(soon), endsAt: new Date(soon + 600_000) },
        skus: [{ skuId: goods[2]!.skus[0]!.id, flashPrice: 990, flashStock: 2, perUserLimit: 1 }],
      });
      const before = await roomState(liveId);

      expect(await refusal(host1b.live.removeGoods({ liveId, roomGoodsId: foreignItem.id }))).toMatchObject({ code: 'NOT_FOUND', message: `Item ${foreignItem.id} is not in room ${liveId}` });
      expect(await refusal(host1b.live.removeGoods({ liveId, roomGoodsId: ids[2]! }))).toMatchObject({
        code: 'PRECONDITION_FAILED',
        message: 'This item has a flash sale: stop it before removing the item',
      });
      expect(await roomState(liveId)).toEqual(before);
      expect(await container.db.liveRoomGoods.count({ where: { id: foreignItem.id } })).toBe(1);
    });
  });

  describe('reordering', () => {
    it('puts the items in the new order, and viewers of the live room see it at once', async () => {
      const { liveId, ids } = await roomWithThree(true);
      expect(viewerOrder(await anonymous.live.room({ liveId }))).toEqual(ids);
      const order = [ids[2]!, ids[0]!, ids[1]!];

      const desk = await host1b.live.reorder({ liveId, roomGoodsIds: order });
      expect(desk.goods.map((g) => [g.roomGoodsId, g.sort])).toEqual([
        [order[0], 1],
        [order[1], 2],
        [order[2], 3],
      ]);
      // The preheated list was rebuilt, not merely dropped.
      expect(viewerOrder((await container.kv.cache.get<ViewerRoom>(roomCacheKey(liveId)))!)).toEqual(order);
      const seen = await anonymous.live.room({ liveId });
      expect(viewerOrder(seen)).toEqual(order);
      expect(seen.version).toBe(desk.version);
    });

    it('refuses an order that leaves out, repeats or adds an item with CONFLICT, changing nothing', async () => {
      const { liveId, ids } = await roomWithThree(true);
      const strayItem = await container.db.liveRoomGoods.findFirstOrThrow({ where: { liveId: seededScheduledRoomId }, select: { id: true } });
      const seenBefore = await anonymous.live.room({ liveId });
      const before = await roomState(liveId);
      const [a, b, c] = ids as [number, number, number];
      for (const roomGoodsIds of [[c, a], [c, a, a], [c, a, b, b], [c, a, strayItem.id], [c, a, b, strayItem.id]]) {
        const { result, events } = await pushesOf(() => refusal(host1b.live.reorder({ liveId, roomGoodsIds })));
        expect(result, JSON.stringify(roomGoodsIds)).toMatchObject({
          code: 'CONFLICT',
          message: 'The new order must list every item of the room exactly once; reload and try again',
        });
        expect(events).toEqual([]);
      }
      expect((await refusal(host1b.live.reorder({ liveId, roomGoodsIds: [] }))).code).toBe('BAD_REQUEST');
      expect(await roomState(liveId)).toEqual(before);
      expect(await anonymous.live.room({ liveId })).toEqual(seenBefore);
    });
  });

  describe('shelf and welfare', () => {
    it('takes an item off the shelf for viewers only, unpinning it and closing its presentation', async () => {
      const { liveId, ids } = await roomWithThree(true);
      await host1b.live.pin({ liveId, roomGoodsId: ids[1]! });
      const { result, events } = await pushesOf(() => host1b.live.setShelf({ liveId, roomGoodsId: ids[1]!, onShelf: false }));

      expect(result.goods.find((g) => g.roomGoodsId === ids[1])).toMatchObject({ onShelf: false, pinned: false });
      expect(result.pinned).toBeNull();
      const segment = await container.db.livePinSegment.findFirstOrThrow({ where: { liveId, roomGoodsId: ids[1]! }, select: { endedAt: true } });
      expect(segment.endedAt).not.toBeNull();
      expect(events.filter((e) => e.event === 'pin:changed').map((e) => [e.room, (e.payload as { pinned: unknown }).pinned])).toEqual([
        [`live:${liveId}`, null],
        [`live:${liveId}:hosts`, null],
      ]);
      const seen = await viewer.live.room({ liveId });
      expect(viewerOrder(seen)).toEqual([ids[0], ids[2]]);
      expect(seen.pinned).toBeNull();
      expect((await refusal(host1b.live.pin({ liveId, roomGoodsId: ids[1]! }))).code).toBe('PRECONDITION_FAILED');

      await host1b.live.setShelf({ liveId, roomGoodsId: ids[1]!, onShelf: true });
      const back = await viewer.live.room({ liveId });
      expect(viewerOrder(back)).toEqual(ids);
      expect(back.goods[1]).toMatchObject({ onShelf: true, pinned: false });
    });

    it('marks an item as a welfare item for the desk, viewers and the goods detail', async () => {
      const { liveId, ids, goods } = await roomWithThree(true);
      const desk = await host1b.live.setWelfare({ liveId, roomGoodsId: ids[0]!, isWelfare: true });
      expect(desk.goods.map((g) => g.isWelfare)).toEqual([true, false, false]);
      expect((await viewer.live.room({ liveId })).goods.map((g) => g.isWelfare)).toEqual([true, false, false]);
      expect((await viewer.catalog.detail({ spuId: goods[0]!.id, liveId })).isWelfare).toBe(true);
      await host1b.live.setWelfare({ liveId, roomGoodsId: ids[0]!, isWelfare: false });
      expect((await viewer.live.room({ liveId })).goods[0]!.isWelfare).toBe(false);
    });

    it('refuses an item of another room', async () => {
      const { liveId } = await roomWithThree();
      const foreignItem = await container.db.liveRoomGoods.findFirstOrThrow({ where: { liveId: seededScheduledRoomId }, select: { id: true, onShelf: true, isWelfare: true } });
      const before = await roomState(liveId);
      expect((await refusal(host1b.live.setShelf({ liveId, roomGoodsId: foreignItem.id, onShelf: false }))).code).toBe('NOT_FOUND');
      expect((await refusal(host1b.live.setWelfare({ liveId, roomGoodsId: foreignItem.id, isWelfare: true }))).code).toBe('NOT_FOUND');
      expect(await roomState(liveId)).toEqual(before);
      expect(await container.db.liveRoomGoods.findUniqueOrThrow({ where: { id: foreignItem.id }, select: { id: true, onShelf: true, isWelfare: true } })).toEqual(foreignItem);
    });
  });

  describe('pushes', () => {
    it('announces every change to viewers and hosts with a version that only grows', async () => {
      const extra = await createGoods('手帕');
      const { liveId, ids } = await roomWithThree();
      const versions: number[] = [(await host1b.live.desk({ liveId })).version];
      const changes: [string, () => Promise<{ version: number }>][] = [
        ['start', () => host1b.live.start({ liveId })],
        ['add', () => host1b.live.addGoods({ liveId, spuIds: [extra.id] })],
        ['reorder', async () => host1b.live.reorder({ liveId, roomGoodsIds: [ids[1]!, ids[0]!, ids[2]!, (await host1b.live.desk({ liveId })).goods[3]!.roomGoodsId] })],
        ['off shelf', () => host1b.live.setShelf({ liveId, roomGoodsId: ids[2]!, onShelf: false })],
        ['on shelf', () => host1b.live.setShelf({ liveId, roomGoodsId: ids[2]!, onShelf: true })],
        ['welfare', () => host1b.live.setWelfare({ liveId, roomGoodsId: ids[0]!, isWelfare: true })],
        ['pin', () => host1.live.pin({ liveId, roomGoodsId: ids[0]! })],
        ['remove', () => host1.live.removeGoods({ liveId, roomGoodsId: ids[1]! })],
        ['end', () => host1b.live.end({ liveId })],
      ];
      for (const [name, change] of changes) {
        const { result, events } = await pushesOf(change);
        const pushed = goodsChanged(events, liveId);
        expect(pushed.map((e) => e.room), name).toEqual([`live:${liveId}`, `live:${liveId}:hosts`]);
        expect(pushed.map((e) => e.payload), name).toEqual([
          { liveId, version: result.version },
          { liveId, version: result.version },
        ]);
        expect(result.version, name).toBeGreaterThan(versions.at(-1)!);
        versions.push(result.version);
      }
    });

    it('keeps a scheduled room’s viewer list current too', async () => {
      const { liveId, ids } = await roomWithThree();
      await host1b.live.reorder({ liveId, roomGoodsIds: [ids[2]!, ids[1]!, ids[0]!] });
      await host1b.live.setShelf({ liveId, roomGoodsId: ids[1]!, onShelf: false });
      const seen = await anonymous.live.room({ liveId });
      expect(seen.status).toBe('SCHEDULED');
      expect(viewerOrder(seen)).toEqual([ids[2], ids[0]]);
    });
  });

  describe('an ended room', () => {
    it('refuses every change with PRECONDITION_FAILED and changes nothing', async () => {
      const extra = await createGoods('耳罩');
      const { liveId, ids } = await roomWithThree(true);
      await host1b.live.end({ liveId });
      const before = await roomState(liveId);
      const attempts = [
        host1b.live.addGoods({ liveId, spuIds: [extra.id] }),
        host1b.live.removeGoods({ liveId, roomGoodsId: ids[0]! }),
        host1b.live.reorder({ liveId, roomGoodsIds: [ids[2]!, ids[1]!, ids[0]!] }),
        host1b.live.setShelf({ liveId, roomGoodsId: ids[0]!, onShelf: false }),
        host1b.live.setWelfare({ liveId, roomGoodsId: ids[0]!, isWelfare: true }),
        host1b.live.pin({ liveId, roomGoodsId: ids[0]! }),
      ];
      const { result, events } = await pushesOf(() => Promise.all(attempts.map(refusal)));
      for (const error of result) expect(error).toMatchObject({ code: 'PRECONDITION_FAILED', message: `Live room ${liveId} has ended` });
      expect(events).toEqual([]);
      expect(await roomState(liveId)).toEqual(before);
    });
  });

  describe('access', () => {
    it('makes the room look missing to a host of another shop, who changes nothing', async () => {
      const { liveId, ids } = await roomWithThree(true);
      const before = await roomState(liveId);
      const attempts: Promise<unknown>[] = [
        host2.live.desk({ liveId }),
        host2.live.pinHistory({ liveId }),
        host2.live.start({ liveId }),
        host2.live.end({ liveId }),
        host2.live.addGoods({ liveId, spuIds: [foreignSpuId] }),
        host2.live.removeGoods({ liveId, roomGoodsId: ids[0]! }),
        host2.live.reorder({ liveId, roomGoodsIds: [ids[2]!, ids[1]!, ids[0]!] }),
        host2.live.setShelf({ liveId, roomGoodsId: ids[0]!, onShelf: false }),
        host2.live.setWelfare({ liveId, roomGoodsId: ids[0]!, isWelfare: true }),
        host2.live.pin({ liveId, roomGoodsId: ids[0]! }),
      ];
      const { result, events } = await pushesOf(() => Promise.all(attempts.map(refusal)));
      for (const error of result) expect(error).toMatchObject({ code: 'NOT_FOUND', message: `Live room ${liveId} does not exist in your shop` });
      expect(events).toEqual([]);
      expect(await roomState(liveId)).toEqual(before);
    });

    it('lets ops read any room’s desk but change nothing', async () => {
      const { liveId, ids } = await roomWithThree(true);
      const before = await roomState(liveId);
      expect(await ops.live.desk({ liveId })).toEqual(before.desk);
      expect((await ops.live.desk({ liveId: seededScheduledRoomId })).goods.length).toBeGreaterThan(0);
      expect(await ops.live.pinHistory({ liveId })).toEqual([]);
      expect((await ops.live.allRooms()).map((r) => r.id)).toContain(liveId);

      const attempts: Promise<unknown>[] = [
        ops.live.create({ title: '运营不能开播' }),
        ops.live.start({ liveId }),
        ops.live.end({ liveId }),
        ops.live.addGoods({ liveId, spuIds: [foreignSpuId] }),
        ops.live.removeGoods({ liveId, roomGoodsId: ids[0]! }),
        ops.live.reorder({ liveId, roomGoodsIds: [ids[2]!, ids[1]!, ids[0]!] }),
        ops.live.setShelf({ liveId, roomGoodsId: ids[0]!, onShelf: false }),
        ops.live.setWelfare({ liveId, roomGoodsId: ids[0]!, isWelfare: true }),
        ops.live.pin({ liveId, roomGoodsId: ids[0]! }),
      ];
      const { result, events } = await pushesOf(() => Promise.all(attempts.map(refusal)));
      for (const error of result) expect(error.code).toBe('FORBIDDEN');
      expect(events).toEqual([]);
      expect(await roomState(liveId)).toEqual(before);
      expect(await container.db.liveSession.count({ where: { title: '运营不能开播' } })).toBe(0);
    });

    it('keeps viewers and signed-out callers away from the desk', async () => {
      const { liveId, ids } = await roomWithThree();
      const before = await roomState(liveId);
      expect((await refusal(viewer.live.desk({ liveId }))).code).toBe('FORBIDDEN');
      expect((await refusal(viewer.live.reorder({ liveId, roomGoodsIds: [ids[2]!, ids[1]!, ids[0]!] }))).code).toBe('FORBIDDEN');
      expect((await refusal(viewer.live.start({ liveId }))).code).toBe('FORBIDDEN');
      expect((await refusal(anonymous.live.desk({ liveId }))).code).toBe('UNAUTHORIZED');
      expect((await refusal(anonymous.live.setShelf({ liveId, roomGoodsId: ids[0]!, onShelf: false }))).code).toBe('UNAUTHORIZED');
      expect(await roomState(liveId)).toEqual(before);
    });
  });
});
