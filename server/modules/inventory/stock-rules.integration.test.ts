// The stock rules a buyer and a host notice (issue 10, DESIGN.md §4): no flash order off the
// shelf or after the room ended, a room that ends returns its flash stock, a flash price below
// the regular one, the database's invariants, and every stock change pushed to every desk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import type { Emitted } from '@/server/realtime/emitter';
import { rooms } from '@/server/realtime/events';
import { orderInput, setupFlashSale } from '@/server/testing/flash';
import { BACKENDS, callerFor, createSeededContainer, createViewers, userByName } from '@/server/testing/harness';

describe.each(BACKENDS)('stock rules on %s', (backend) => {
  let container: Container;
  let host: ReturnType<typeof callerFor>;
  beforeAll(async () => {
    container = await createSeededContainer(backend, { ORDER_RATE_USER_PER_10S: '1000' });
    host = callerFor(container, await userByName(container, 'host1'));
  });
  afterAll(async () => {
    await container?.close();
  });

  it('refuses flash orders once the item is off the shelf, and takes them again when it is back', async () => {
    const setup = await setupFlashSale(container, { stock: 10, limit: 2 });
    const [viewer] = await createViewers(container, 1, 'shelf');
    const buyer = callerFor(container, viewer);
    await buyer.orders.create(orderInput(setup));
    await host.live.setShelf({ liveId: setup.liveId, roomGoodsId: setup.roomGoodsId, onShelf: false });
    await expect(buyer.orders.create(orderInput(setup))).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', cause: { reason: 'NOT_ON_SALE' } });
    // Nothing was held for the refused attempt.
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(9);
    await host.live.setShelf({ liveId: setup.liveId, roomGoodsId: setup.roomGoodsId, onShelf: true });
    await expect(buyer.orders.create(orderInput(setup))).resolves.toMatchObject({ status: 'PENDING_PAYMENT' });
  });

  it('ends the room’s flash sales when the room ends, returns their unsold stock and refuses later flash orders', async () => {
    const setup = await setupFlashSale(container, { stock: 10, limit: 2, inventory: 30 });
    const [viewer] = await createViewers(container, 1, 'ended');
    const buyer = callerFor(container, viewer);
    await buyer.orders.create(orderInput(setup, { quantity: 2 }));
    await host.live.end({ liveId: setup.liveId });
    const sale = await container.db.flashSale.findUniqueOrThrow({ where: { id: setup.flashSaleId }, select: { status: true } });
    expect(sale.status).toBe('ENDED');
    // 30 − 10 carved + 8 unsold back.
    expect((await container.db.sku.findUniqueOrThrow({ where: { id: setup.skuId }, select: { stock: true } })).stock).toBe(28);
    expect(await container.db.flashSku.findUniqueOrThrow({ where: { id: setup.flashSkuId }, select: { flashStock: true, sold: true } })).toEqual({ flashStock: 2, sold: 2 });
    await expect(buyer.orders.create(orderInput(setup))).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', cause: { reason: 'SALE_ENDED' } });
    expect(await container.gate.remaining(setup.flashSkuId)).toBeUndefined();
  });

  it('refuses a flash price that is not below the regular price', async () => {
    const setup = await setupFlashSale(container, { stock: 5, limit: 1 });
    await host.flashSale.stop({ flashSaleId: setup.flashSaleId });
    const refused = host.flashSale.create({
      liveId: setup.liveId,
      roomGoodsId: setup.roomGoodsId,
      window: { kind: 'now', durationMinutes: 10 },
      payWindowSeconds: 600,
      skus: [{ skuId: setup.skuId, flashPrice: 9900, flashStock: 5, perUserLimit: 1 }],
    });
    await expect(refused).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { reason: 'FLASH_PRICE_NOT_BELOW' } });
  });

  it('keeps the ledger’s invariants in the database, whoever writes', async () => {
    const setup = await setupFlashSale(container, { stock: 5, limit: 1 });
    await expect(container.db.$executeRaw`UPDATE flash_sku SET sold = flash_stock + 1 WHERE id = ${setup.flashSkuId}`).rejects.toThrow(/flash_sku_ledger_check/);
    await expect(container.db.$executeRaw`UPDATE flash_sku SET paid = 1 WHERE id = ${setup.flashSkuId}`).rejects.toThrow(/flash_sku_ledger_check/);
    await expect(container.db.$executeRaw`UPDATE goods_sku SET stock = -1 WHERE id = ${setup.skuId}`).rejects.toThrow(/goods_sku_stock_check/);
  });

  it('pushes a flash stock change to every open desk and viewer page at once', async () => {
    const setup = await setupFlashSale(container, { stock: 10, limit: 1 });
    const seen: Emitted[] = [];
    const stop = container.realtime.onEmit((e) => seen.push(e));
    try {
      await host.flashSale.adjustStock({ flashSkuId: setup.flashSkuId, flashStock: 15 });
    } finally {
      stop();
    }
    const stock = seen.filter((e) => e.event === 'stock:changed');
    expect(stock.map((e) => e.room).sort()).toEqual([rooms.hosts(setup.liveId), rooms.viewers(setup.liveId)].sort());
    expect(stock[0]!.payload).toMatchObject({ flashSkuId: setup.flashSkuId, remaining: 15 });
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(15);
  });
});
