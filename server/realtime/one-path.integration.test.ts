// Realtime with one path: a storm of orders is stock and ticker pushes, coalesced, and never a
// new goods version that would make every viewer refetch the room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { getViewerRoom } from '@/server/modules/live/room-view';
import { orderInput, setupFlashSale } from '@/server/testing/flash';
import { BACKENDS, callerFor, createSeededContainer, createViewers, userByName } from '@/server/testing/harness';
import type { Emitted } from './emitter';

describe.each(BACKENDS)('one push path on %s', (backend) => {
  let container: Container;
  beforeAll(async () => {
    container = await createSeededContainer(backend, { ORDER_RATE_USER_PER_10S: '1000', ORDER_RATE_IP_PER_10S: '100000' });
  });
  afterAll(async () => {
    await container?.close();
  });

  it('sends a storm of orders as coalesced stock and ticker pushes, with no goods version and no refetch', async () => {
    const setup = await setupFlashSale(container, { stock: 40, limit: 1 });
    const before = await getViewerRoom(container, setup.liveId);
    const users = await createViewers(container, 30, 'onepath');
    const seen: (Emitted & { atMs: number })[] = [];
    const stop = container.realtime.onEmit((e) => seen.push({ ...e, atMs: Date.now() }));
    try {
      const started = Date.now();
      await Promise.all(users.map((u) => callerFor(container, u).orders.create(orderInput(setup))));
      // The cart refresh runs at most once a second: wait for the one after the storm.
      await expect.poll(() => seen.some((e) => e.event === 'goods:stock' && e.room === `live:${setup.liveId}` && (e.payload as { items: { available: number }[] }).items[0]?.available === 10), { timeout: 5000 }).toBe(true);
      const elapsedS = Math.max(1, (Date.now() - started) / 1000);
      const viewers = seen.filter((e) => e.room === `live:${setup.liveId}`);
      // Nothing that makes viewers refetch the room.
      expect(viewers.filter((e) => e.event === 'goods:changed')).toEqual([]);
      // ≤ 10 stock pushes a second for the SKU (+1 for the leading edge), the last one at 10 left.
      const stock = viewers.filter((e) => e.event === 'stock:changed');
      expect(stock.length).toBeLessThanOrEqual(Math.ceil(elapsedS * 10) + 1);
      await expect.poll(() => (seen.filter((e) => e.event === 'stock:changed').at(-1)?.payload as { remaining: number } | undefined)?.remaining).toBe(10);
      // ≤ 4 tickers a second for 30 orders.
      expect(viewers.filter((e) => e.event === 'order:ticker').length).toBeLessThanOrEqual(Math.ceil(elapsedS * 4) + 1);
      // The desk still gets every order.
      expect(seen.filter((e) => e.event === 'order:updated' && e.room === `live:${setup.liveId}:hosts`)).toHaveLength(30);
      // The preheated list follows the stock, with the same version.
      const after = await getViewerRoom(container, setup.liveId);
      expect(after.version).toBe(before.version);
      expect(after.goods[0]!.flash!.remaining).toBe(10);
      const { goodsVersion } = await container.db.liveSession.findUniqueOrThrow({ where: { id: setup.liveId }, select: { goodsVersion: true } });
      expect(goodsVersion).toBe(before.version);
    } finally {
      stop();
    }
  });

  it('still bumps the version for a real goods change', async () => {
    const setup = await setupFlashSale(container, { stock: 5, limit: 1 });
    const seen: Emitted[] = [];
    const stop = container.realtime.onEmit((e) => seen.push(e));
    try {
      const before = await getViewerRoom(container, setup.liveId);
      const host = callerFor(container, await userByName(container, 'host1'));
      await host.live.setWelfare({ liveId: setup.liveId, roomGoodsId: setup.roomGoodsId, isWelfare: true });
      expect(seen.filter((e) => e.event === 'goods:changed').map((e) => e.room)).toEqual([`live:${setup.liveId}`, `live:${setup.liveId}:hosts`]);
      expect((await getViewerRoom(container, setup.liveId)).version).toBe(before.version + 1);
    } finally {
      stop();
    }
  });
});
