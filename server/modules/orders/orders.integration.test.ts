// Orders as a viewer meets them: bad input, paying, cancelling, the pay-by deadline, privacy.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { restoreOrderTimers } from './orders.service';
import { ADDRESS, orderInput, setupFlashSale, type FlashSetup } from '@/server/testing/flash';
import { BACKENDS, callerFor, createSeededContainer, createViewers, userByName } from '@/server/testing/harness';
import type { Emitted } from '@/server/realtime/emitter';

describe.each(BACKENDS)('orders on %s', (backend) => {
  let container: Container;
  let setup: FlashSetup;
  beforeAll(async () => {
    container = await createSeededContainer(backend, { ORDER_RATE_USER_PER_10S: '1000', ORDER_RATE_IP_PER_10S: '100000' });
    setup = await setupFlashSale(container, { stock: 20, limit: 2, price: 2990 });
  });
  afterAll(async () => {
    await container?.close();
  });

  const soldOf = async (flashSkuId: number) => (await container.db.flashSku.findUniqueOrThrow({ where: { id: flashSkuId }, select: { sold: true } })).sold;

  it('takes the price from the server and stores the deep-link parameters on the order', async () => {
    const [user] = await createViewers(container, 1, 'price');
    const order = await callerFor(container, user).orders.create(orderInput(setup, { quantity: 2, trackingCode: 'tcabc123', sourceType: 'live', traceId: 'trace-1' }));
    expect(order).toMatchObject({ status: 'PENDING_PAYMENT', totalAmount: 2 * 2990, sourceChannel: 'live', sourceType: 'live', trackingCode: 'tcabc123', liveId: setup.liveId });
    expect(order.items[0]).toMatchObject({ unitPrice: 2990, quantity: 2, flashSkuId: setup.flashSkuId });
    expect(order.orderSn).toMatch(/^\d{22}$/);
    const row = await container.db.order.findUniqueOrThrow({ where: { orderSn: order.orderSn }, select: { traceId: true, address: true } });
    expect(row).toMatchObject({ traceId: 'trace-1', address: ADDRESS });
    const outbox = await container.db.outboxEvent.findFirstOrThrow({ where: { aggregateId: order.orderSn }, select: { type: true, payload: true } });
    // The seed's OrderCreatedEvent {order_sn, live_id, user_id, goods_items:[{sku_id, quantity}]}, with what the stats need besides.
    expect(outbox).toMatchObject({ type: 'OrderCreatedEvent', payload: { order_sn: order.orderSn, live_id: setup.liveId, user_id: user!.id, goods_items: [{ sku_id: setup.skuId, quantity: 2 }] } });
    // The address is remembered for next time.
    expect(await callerFor(container, user).orders.myAddress()).toEqual(ADDRESS);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const [user] = await createViewers(container, 1, 'bad');
    const caller = callerFor(container, user);
    const before = await soldOf(setup.flashSkuId);
    const remaining = await container.gate.remaining(setup.flashSkuId);
    for (const [over, pattern] of [
      // The message lists the issues by key (the client's words come from the key).
      [{ quantity: 0 }, /invalid\.order\.quantityMin/],
      [{ quantity: -1 }, /invalid\.order\.quantityMin/],
      [{ quantity: 1.5 }, /invalid\.order\.quantityWhole/],
      [{ price: 1 }, /Unrecognized key.*price/],
      [{ userId: 1 }, /Unrecognized key.*userId/],
      [{ status: 'PAID' }, /Unrecognized key.*status/],
      [{ address: { ...ADDRESS, phone: '123' } }, /invalid\.address\.phone/],
    ] as const) {
      await expect(caller.orders.create(orderInput(setup, over))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(pattern) });
    }
    await expect(caller.orders.create(orderInput(setup, { flashSkuId: 987_654 }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.orders.create(orderInput(setup, { skuId: setup.skuId + 10_000 }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.orders.create(orderInput(setup, { quantity: 3 }))).rejects.toMatchObject({ message: expect.stringMatching(/At most 2 per person/), cause: { reason: 'ABOVE_LIMIT', params: { limit: 2 } } });
    expect(await soldOf(setup.flashSkuId)).toBe(before);
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(remaining);
    expect(await container.db.order.count({ where: { userId: user!.id } })).toBe(0);
  });

  it('refuses a sale that has not started or has ended, without touching stock', async () => {
    const future = await setupFlashSale(container, { stock: 5, limit: 1, window: 'future' });
    const [user] = await createViewers(container, 1, 'window');
    const caller = callerFor(container, user);
    await expect(caller.orders.create(orderInput(future))).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: 'The flash sale has not started yet' });
    const ended = await setupFlashSale(container, { stock: 5, limit: 1 });
    await callerFor(container, await userByName(container, 'host1')).flashSale.stop({ flashSaleId: ended.flashSaleId });
    await expect(caller.orders.create(orderInput(ended))).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: 'The flash sale has ended' });
    expect(await container.db.order.count({ where: { userId: user!.id } })).toBe(0);
  });

  it('pays before the deadline, once', async () => {
    const [user] = await createViewers(container, 1, 'pay');
    const caller = callerFor(container, user);
    const order = await caller.orders.create(orderInput(setup));
    const paid = await caller.orders.pay({ orderSn: order.orderSn });
    expect(paid.status).toBe('PAID');
    await expect(caller.orders.pay({ orderSn: order.orderSn })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: 'This order is already paid' });
    await expect(caller.orders.cancel({ orderSn: order.orderSn })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const sku = await container.db.flashSku.findUniqueOrThrow({ where: { id: setup.flashSkuId }, select: { paid: true } });
    expect(sku.paid).toBeGreaterThanOrEqual(1);
  });

  it('lets the buyer cancel an unpaid order: stock back in the database and the gate, pushed to viewers', async () => {
    const [user] = await createViewers(container, 1, 'cancel');
    const caller = callerFor(container, user);
    const order = await caller.orders.create(orderInput(setup, { quantity: 2 }));
    const sold = await soldOf(setup.flashSkuId);
    const remaining = (await container.gate.remaining(setup.flashSkuId))!;
    const events: Emitted[] = [];
    const stop = container.realtime.onEmit((e) => events.push(e));
    try {
      expect((await caller.orders.cancel({ orderSn: order.orderSn })).status).toBe('CANCELLED');
      expect(await soldOf(setup.flashSkuId)).toBe(sold - 2);
      expect(await container.gate.remaining(setup.flashSkuId)).toBe(remaining + 2);
      // The user may buy again up to the limit.
      await expect(caller.orders.create(orderInput(setup, { quantity: 2 }))).resolves.toMatchObject({ status: 'PENDING_PAYMENT' });
      await expect.poll(() => events.some((e) => e.event === 'stock:changed' && e.room === `live:${setup.liveId}`)).toBe(true);
    } finally {
      stop();
    }
  });

  it('cancels an unpaid order at its deadline, on time, and gives its stock back to both stores', async () => {
    const [user] = await createViewers(container, 1, 'expire');
    const order = await callerFor(container, user).orders.create(orderInput(setup));
    const sold = await soldOf(setup.flashSkuId);
    const remaining = (await container.gate.remaining(setup.flashSkuId))!;
    // Bring its deadline near (the shortest real window is 30 s) and re-arm timers as at a restart.
    const deadline = new Date(Date.now() + 800);
    await container.db.order.update({ where: { orderSn: order.orderSn }, data: { payDeadline: deadline } });
    await restoreOrderTimers(container);
    await expect.poll(async () => (await container.db.order.findUniqueOrThrow({ where: { orderSn: order.orderSn }, select: { status: true } })).status, { timeout: 5000, interval: 100 }).toBe('EXPIRED');
    const expired = await container.db.order.findUniqueOrThrow({ where: { orderSn: order.orderSn }, select: { cancelledAt: true } });
    // On time: within moments of the deadline (a busy test machine included), not at the 30 s sweep.
    expect(expired.cancelledAt!.getTime() - deadline.getTime()).toBeLessThan(2000);
    expect(await soldOf(setup.flashSkuId)).toBe(sold - 1);
    // The gate is given its units back right after the database commit.
    await expect.poll(() => container.gate.remaining(setup.flashSkuId), { timeout: 2000, interval: 20 }).toBe(remaining + 1);
    await expect(callerFor(container, user).orders.pay({ orderSn: order.orderSn })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('keeps orders private to their buyer', async () => {
    const [alice, bob] = await createViewers(container, 2, 'privacy');
    const order = await callerFor(container, alice).orders.create(orderInput(setup));
    const asBob = callerFor(container, bob);
    await expect(asBob.orders.bySn({ orderSn: order.orderSn })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asBob.orders.cancel({ orderSn: order.orderSn })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asBob.orders.pay({ orderSn: order.orderSn })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await asBob.orders.mine()).map((o) => o.orderSn)).not.toContain(order.orderSn);
    expect((await callerFor(container, alice).orders.bySn({ orderSn: order.orderSn })).status).toBe('PENDING_PAYMENT');
    // Hosts of another shop do not see the room's orders; the room's host and ops do.
    await expect(callerFor(container, await userByName(container, 'host2')).orders.forRoom({ liveId: setup.liveId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await callerFor(container, await userByName(container, 'host1')).orders.forRoom({ liveId: setup.liveId })).map((o) => o.orderSn)).toContain(order.orderSn);
    expect((await callerFor(container, await userByName(container, 'ops1')).orders.forRoom({ liveId: setup.liveId })).length).toBeGreaterThan(0);
    // Only viewers order.
    await expect(callerFor(container, await userByName(container, 'host1')).orders.create(orderInput(setup))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(container).orders.create(orderInput(setup))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('buys a goods outside a flash sale at its own price, from its own stock', async () => {
    const [user] = await createViewers(container, 1, 'regular');
    const stock = (await container.db.sku.findUniqueOrThrow({ where: { id: setup.skuId }, select: { stock: true } })).stock;
    const order = await callerFor(container, user).orders.create({ ...orderInput(setup), flashSkuId: undefined });
    expect(order.items[0]).toMatchObject({ unitPrice: 9900, flashSkuId: null });
    expect((await container.db.sku.findUniqueOrThrow({ where: { id: setup.skuId }, select: { stock: true } })).stock).toBe(stock - 1);
  });

  it('shows the bought SKU’s spec values in the order the seller gave the dimensions', async () => {
    const host = callerFor(container, await userByName(container, 'host1'));
    const tag = randomUUID().slice(0, 8);
    const goods = await host.catalog.create({
      title: `规格顺序 ${tag}`,
      subtitle: '',
      description: '',
      categoryId: (await container.db.category.findFirstOrThrow({ select: { id: true } })).id,
      images: ['/goods/tee.svg'],
      specDefs: [
        { name: '颜色', values: ['白色'] },
        { name: '尺码', values: ['L'] },
      ],
      skus: [{ skuCode: `SPEC-${tag}`, specs: { 颜色: '白色', 尺码: 'L' }, price: 5900, stock: 5 }],
    });
    await host.live.addGoods({ liveId: setup.liveId, spuIds: [goods.id] });
    const [user] = await createViewers(container, 1, 'specs');
    const viewer = callerFor(container, user);
    const order = await viewer.orders.create({ ...orderInput(setup), skuId: goods.skus[0]!.id, flashSkuId: undefined });
    expect(Object.values(order.items[0]!.specs).join(' / ')).toBe('白色 / L');
    const mine = await viewer.orders.bySn({ orderSn: order.orderSn });
    expect(Object.values(mine.items[0]!.specs).join(' / ')).toBe('白色 / L');
  });
});

describe.each(BACKENDS)('order rate limits on %s', (backend) => {
  let container: Container;
  beforeAll(async () => {
    container = await createSeededContainer(backend, { ORDER_RATE_USER_PER_10S: '3', ORDER_RATE_IP_PER_10S: '100000' });
  });
  afterAll(async () => {
    await container?.close();
  });

  it('answers TOO_MANY_REQUESTS past the per-user limit, with when to retry', async () => {
    const setup = await setupFlashSale(container, { stock: 50, limit: 10 });
    const [user] = await createViewers(container, 1, 'rate');
    const caller = callerFor(container, user);
    for (let i = 0; i < 3; i += 1) await caller.orders.create(orderInput(setup));
    await expect(caller.orders.create(orderInput(setup))).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/Too many order attempts: try again in \d+ s/) });
    expect(await container.db.order.count({ where: { userId: user!.id } })).toBe(3);
  });
});
