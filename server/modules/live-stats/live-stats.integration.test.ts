// The order-event pipeline: outbox → relay → LiveOrderStatisticProcessor → board numbers.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { createMemoryKv } from '@/server/redis/memory-kv';
import { orderInput, setupFlashSale, type FlashSetup } from '@/server/testing/flash';
import { expireOverdueOrders } from '@/server/modules/orders/orders.service';
import { BACKENDS, callerFor, createSeededContainer, createViewers, userByName } from '@/server/testing/harness';
import { lastMinuteRange } from './board.service';
import type { OrderEventPayload, OrderEventType } from './order-events';
import { OutboxRelay } from './outbox-relay';
import { applyOrderEvents, type ParsedEvent } from './stats-processor';
import { reconcileStats } from './stats-reconcile';

const LIMITS = { ORDER_RATE_USER_PER_10S: '10000', ORDER_RATE_IP_PER_10S: '1000000' };

/** What the aggregates must be: sums over the orders themselves. */
async function expectedFromOrders(container: Container, liveId: number) {
  const items = await container.db.orderItem.findMany({ where: { order: { liveId } }, select: { skuId: true, quantity: true, amount: true, order: { select: { status: true, userId: true } } } });
  const bySku = new Map<number, { totalSales: number; uv: Set<number>; gmv: number; paidSales: number }>();
  for (const i of items) {
    const row = bySku.get(i.skuId) ?? { totalSales: 0, uv: new Set<number>(), gmv: 0, paidSales: 0 };
    bySku.set(i.skuId, row);
    if (i.order.status === 'CANCELLED' || i.order.status === 'EXPIRED') continue;
    row.totalSales += i.quantity;
    row.uv.add(i.order.userId);
    row.gmv += i.amount;
    if (i.order.status === 'PAID') row.paidSales += i.quantity;
  }
  return [...bySku.entries()].map(([skuId, r]) => ({ skuId, totalSales: r.totalSales, uv: r.uv.size, gmv: r.gmv, paidSales: r.paidSales })).sort((a, b) => a.skuId - b.skuId);
}

async function aggregates(container: Container, liveId: number) {
  const rows = await container.db.liveGoodsSales.findMany({ where: { liveId }, select: { skuId: true, totalSales: true, uv: true, gmv: true, paidSales: true }, orderBy: { skuId: 'asc' } });
  return rows;
}

describe.each(BACKENDS)('live statistics on %s', (backend) => {
  let container: Container;
  let setup: FlashSetup;
  beforeAll(async () => {
    container = await createSeededContainer(backend, LIMITS);
    setup = await setupFlashSale(container, { stock: 200, limit: 5, price: 1500 });
  });
  afterAll(async () => {
    await container?.close();
  });

  async function placeOrders(n: number, tag: string) {
    const users = await createViewers(container, n, tag);
    const orders = [];
    for (const [i, u] of users.entries()) {
      const caller = callerFor(container, u);
      const order = await caller.orders.create(orderInput(setup, { quantity: 1 + (i % 3) }));
      if (i % 3 === 0) await caller.orders.pay({ orderSn: order.orderSn });
      else if (i % 5 === 1) await caller.orders.cancel({ orderSn: order.orderSn });
      orders.push(order);
    }
    return orders;
  }

  it('keeps live_goods_sales and the room totals equal to the sums over the orders', async () => {
    await placeOrders(12, 'sums');
    const relay = new OutboxRelay(container, { mode: 'single' });
    await relay.drain();
    expect(await aggregates(container, setup.liveId)).toEqual(await expectedFromOrders(container, setup.liveId));
    const room = await container.db.liveRoomStats.findUniqueOrThrow({ where: { liveId: setup.liveId } });
    const expected = await expectedFromOrders(container, setup.liveId);
    expect(room.gmv).toBe(expected.reduce((n, r) => n + r.gmv, 0));
    // The last-60-s window (live:{id}:orders) holds every order that still stands.
    const [from, to] = lastMinuteRange(Date.now());
    const standing = await container.db.order.count({ where: { liveId: setup.liveId, status: { notIn: ['CANCELLED', 'EXPIRED'] } } });
    expect(standing).toBeLessThan(12);
    expect(await container.kv.recentOrders.count(setup.liveId, from, to)).toBe(standing);
  });

  it('counts in the last 60 s only orders that still stand: a cancelled or expired one leaves the count at once', async () => {
    const room = await setupFlashSale(container, { stock: 50, limit: 5, price: 1500 });
    const host = callerFor(container, await userByName(container, 'host1'));
    const ops = callerFor(container, await userByName(container, 'ops1'));
    const relay = new OutboxRelay(container, { mode: 'single' });
    const lastMinute = async () => {
      const [mine, board, overview] = await Promise.all([host.liveStats.lastMinute({ liveId: room.liveId }), ops.liveStats.board({ liveId: room.liveId }), ops.liveStats.overview()]);
      // The desk's poll, the board and the ops overview say the same.
      expect(board.lastMinute).toBe(mine.lastMinute);
      expect(overview.find((r) => r.id === room.liveId)?.lastMinute).toBe(mine.lastMinute);
      return mine.lastMinute;
    };
    const buyers = await Promise.all((await createViewers(container, 4, 'window')).map(async (u) => {
      const caller = callerFor(container, u);
      return { caller, order: await caller.orders.create(orderInput(room)) };
    }));
    await relay.drain();
    expect(await lastMinute()).toBe(4);

    await buyers[0]!.caller.orders.cancel({ orderSn: buyers[0]!.order.orderSn });
    await relay.drain();
    expect(await lastMinute()).toBe(3);

    // Unpaid past its deadline: the expiry sweep's event takes it out too.
    await container.db.order.update({ where: { orderSn: buyers[1]!.order.orderSn }, data: { payDeadline: new Date(Date.now() - 60_000) } });
    await expireOverdueOrders(container, 0);
    expect((await container.db.order.findUniqueOrThrow({ where: { orderSn: buyers[1]!.order.orderSn }, select: { status: true } })).status).toBe('EXPIRED');
    await relay.drain();
    expect(await lastMinute()).toBe(2);

    // Paid orders stand.
    await buyers[2]!.caller.orders.pay({ orderSn: buyers[2]!.order.orderSn });
    await relay.drain();
    expect(await lastMinute()).toBe(2);

    // The cancel applied before its creation (a retried event, another instance): the order never enters.
    const [late] = await createViewers(container, 1, 'window-late');
    const lateCaller = callerFor(container, late);
    const lateOrder = await lateCaller.orders.create(orderInput(room));
    await lateCaller.orders.cancel({ orderSn: lateOrder.orderSn });
    const pending = await container.db.outboxEvent.findMany({
      where: { aggregateId: lateOrder.orderSn, status: 'PENDING' },
      select: { id: true, type: true, aggregateId: true, liveId: true, payload: true },
      orderBy: { id: 'asc' },
    });
    expect(pending.map((e) => e.type)).toEqual(['OrderCreatedEvent', 'OrderCancelledEvent']);
    await container.db.outboxEvent.deleteMany({ where: { id: { in: pending.map((e) => e.id) } } });
    for (const { id: _id, ...e } of pending.reverse()) await container.db.outboxEvent.create({ data: { ...e, payload: e.payload as object } });
    await relay.drain();
    expect(await lastMinute()).toBe(2);

    // And the repair pass takes out what the window may still hold of cancelled orders.
    await container.kv.recentOrders.add(room.liveId, [{ orderSn: buyers[0]!.order.orderSn, atMs: Date.now() }]);
    expect(await lastMinute()).toBe(3);
    await reconcileStats(container, room.liveId);
    expect(await lastMinute()).toBe(2);
  });

  it('ignores duplicated and reordered events', async () => {
    await placeOrders(6, 'dups');
    const relay = new OutboxRelay(container, { mode: 'batch' });
    await relay.drain();
    const before = await aggregates(container, setup.liveId);
    // Deliver every event of this room again, shuffled, some twice.
    const done = await container.db.outboxEvent.findMany({ where: { liveId: setup.liveId, status: 'DONE' }, select: { type: true, aggregateId: true, liveId: true, payload: true } });
    const again = [...done, ...done.slice(0, 5)].sort(() => Math.random() - 0.5);
    await container.db.outboxEvent.createMany({ data: again.map((e) => ({ ...e, payload: e.payload as object })) });
    await new OutboxRelay(container, { mode: 'single' }).drain();
    expect(await aggregates(container, setup.liveId)).toEqual(before);
    expect(before).toEqual(await expectedFromOrders(container, setup.liveId));
  });

  it('leaves nothing half-done when the processor dies mid-batch; after a restart the totals are right', async () => {
    await placeOrders(8, 'crash');
    const pendingBefore = await container.db.outboxEvent.count({ where: { status: 'PENDING' } });
    expect(pendingBefore).toBeGreaterThan(0);
    const streamBefore = await container.db.liveOrderStream.count({ where: { liveId: setup.liveId } });
    const dying = new OutboxRelay(container, {
      mode: 'batch',
      maxAttempts: 100,
      baseBackoffMs: 1,
      maxBackoffMs: 1,
      hooks: { afterStream: () => { throw new Error('killed between the stream write and the aggregates'); } },
    });
    await dying.step();
    // The transaction never committed: nothing of the batch reached the stream.
    expect(await container.db.liveOrderStream.count({ where: { liveId: setup.liveId } })).toBe(streamBefore);
    await new Promise((r) => setTimeout(r, 20));
    await new OutboxRelay(container, { mode: 'batch' }).drain();
    expect(await aggregates(container, setup.liveId)).toEqual(await expectedFromOrders(container, setup.liveId));
  });

  it('backs a poison event off until it is dead, lets the others through, and logs why', async () => {
    const poison = await container.db.outboxEvent.create({ data: { type: 'OrderCreatedEvent', aggregateId: 'poison', liveId: setup.liveId, payload: { order_sn: 'not-a-number' } }, select: { id: true } });
    await placeOrders(3, 'poison');
    const relay = new OutboxRelay(container, { mode: 'batch', maxAttempts: 3, baseBackoffMs: 5, maxBackoffMs: 20 });
    for (let i = 0; i < 10; i += 1) {
      await relay.drain();
      await new Promise((r) => setTimeout(r, 30));
    }
    const event = await container.db.outboxEvent.findUniqueOrThrow({ where: { id: poison.id }, select: { status: true, attempts: true } });
    expect(event).toEqual({ status: 'DEAD', attempts: 3 });
    const log = await container.db.liveOrderSyncFailLog.findUniqueOrThrow({ where: { outboxId: poison.id } });
    expect(log).toMatchObject({ status: 'DEAD', retryCount: 3, lastErrorCode: 'INVALID_PAYLOAD', nextRetryAt: null });
    expect(log.lastError).toMatch(/order_sn/);
    expect(await aggregates(container, setup.liveId)).toEqual(await expectedFromOrders(container, setup.liveId));
    // Ops send it through again by hand: it is pending, with its history kept.
    const ops = callerFor(container, await userByName(container, 'ops1'));
    const health = await ops.liveStats.syncHealth();
    expect(health.failures.map((f) => f.outboxId)).toContain(String(poison.id));
    await ops.liveStats.retry({ outboxIds: [String(poison.id)] });
    expect((await container.db.outboxEvent.findUniqueOrThrow({ where: { id: poison.id }, select: { status: true } })).status).toBe('PENDING');
    await container.db.outboxEvent.delete({ where: { id: poison.id } });
  });

  it('repairs aggregates that drifted from the orders, and says what drifted', async () => {
    await new OutboxRelay(container, { mode: 'batch' }).drain();
    const [first] = await aggregates(container, setup.liveId);
    await container.db.liveGoodsSales.update({ where: { liveId_skuId: { liveId: setup.liveId, skuId: first!.skuId } }, data: { gmv: { increment: 12345 } } });
    const drifts = await reconcileStats(container, setup.liveId);
    expect(drifts).toEqual([{ liveId: setup.liveId, skuId: first!.skuId, field: 'gmv', was: first!.gmv + 12345, is: first!.gmv }]);
    expect(await aggregates(container, setup.liveId)).toEqual(await expectedFromOrders(container, setup.liveId));
  });

  it('gives batch mode and one-by-one identical totals for any event sequence', async () => {
    const types: OrderEventType[] = ['OrderCreatedEvent', 'OrderPaidEvent', 'OrderCancelledEvent'];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ order: fc.integer({ min: 0, max: 7 }), type: fc.constantFrom(...types), sku: fc.integer({ min: 1, max: 3 }), user: fc.integer({ min: 1, max: 4 }), qty: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 17 }),
        async (draws, chunk) => {
          run += 1;
          const base = 2_000_000_000 - (backend === 'embedded' ? 0 : 100_000) - run * 2;
          // An order's lines are fixed; events about it differ only in what they say happened.
          const orderOf = (n: number, d: (typeof draws)[number]) => ({ sku: d.sku, user: d.user, qty: d.qty, n });
          const orders = new Map<number, ReturnType<typeof orderOf>>();
          for (const d of draws) if (!orders.has(d.order)) orders.set(d.order, orderOf(d.order, d));
          const eventFor = (liveId: number, d: (typeof draws)[number]): ParsedEvent => {
            const o = orders.get(d.order)!;
            const payload: OrderEventPayload = {
              // Each mode gets its own order numbers (the stream is keyed by order_sn).
              order_sn: `20261124${liveId}${String(d.order).padStart(2, '0')}`,
              live_id: liveId,
              user_id: o.user,
              order_time: '2026-11-24T12:00:00.000Z',
              pin_segment_id: null,
              goods_items: [{ sku_id: o.sku, spu_id: 1, quantity: o.qty, amount: o.qty * 990 }],
            };
            return { type: d.type, payload };
          };
          const single = base;
          const batch = base + 1;
          for (const d of draws) await container.db.$transaction((tx) => applyOrderEvents(tx, [eventFor(single, d)]));
          for (let i = 0; i < draws.length; i += chunk) {
            await container.db.$transaction((tx) => applyOrderEvents(tx, draws.slice(i, i + chunk).map((d) => eventFor(batch, d))));
          }
          const a = await aggregates(container, single);
          const b = await aggregates(container, batch);
          expect(b).toEqual(a);
          const ra = await container.db.liveRoomStats.findUnique({ where: { liveId: single }, select: { orders: true, paidOrders: true, buyers: true, gmv: true, paidGmv: true } });
          const rb = await container.db.liveRoomStats.findUnique({ where: { liveId: batch }, select: { orders: true, paidOrders: true, buyers: true, gmv: true, paidGmv: true } });
          expect(rb).toEqual(ra);
        },
      ),
      { numRuns: backend === 'embedded' ? 25 : 15 },
    );
  });

  it('shows a room’s numbers only to ops and the room’s own host', async () => {
    const input = { liveId: setup.liveId };
    for (const procedure of ['board', 'lastMinute', 'funnel', 'pins'] as const) {
      await expect(callerFor(container, await userByName(container, 'host1')).liveStats[procedure](input)).resolves.toBeTruthy();
      await expect(callerFor(container, await userByName(container, 'ops1')).liveStats[procedure](input)).resolves.toBeTruthy();
      await expect(callerFor(container, await userByName(container, 'host2')).liveStats[procedure](input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(callerFor(container, await userByName(container, 'viewer1')).liveStats[procedure](input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(callerFor(container).liveStats[procedure](input)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    await expect(callerFor(container, await userByName(container, 'host1')).liveStats.syncHealth()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(container, await userByName(container, 'host1')).liveStats.reconcile({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const hostOverview = await callerFor(container, await userByName(container, 'host2')).liveStats.overview();
    expect(hostOverview.map((r) => r.id)).not.toContain(setup.liveId);
  });

  it('attributes orders to the item presented when they were placed, and counts the funnel', async () => {
    const host = callerFor(container, await userByName(container, 'host1'));
    await host.live.pin({ liveId: setup.liveId, roomGoodsId: setup.roomGoodsId });
    const [user] = await createViewers(container, 1, 'pin');
    const viewer = callerFor(container, user);
    await viewer.tracking.track({ type: 'CART_OPEN', liveId: setup.liveId, sourceType: 'live' });
    await viewer.tracking.track({ type: 'CARD_CLICK', liveId: setup.liveId, spuId: setup.spuId, trackingCode: 'tcfunnel', sourceType: 'live' });
    await viewer.tracking.track({ type: 'DETAIL_VIEW', liveId: setup.liveId, spuId: setup.spuId, trackingCode: 'tcfunnel', sourceType: 'live' });
    const order = await viewer.orders.create(orderInput(setup, { trackingCode: 'tcfunnel' }));
    await viewer.orders.pay({ orderSn: order.orderSn });
    await new OutboxRelay(container, { mode: 'single' }).drain();

    const pins = await host.liveStats.pins({ liveId: setup.liveId });
    const open = pins.at(-1)!;
    expect(open).toMatchObject({ spuId: setup.spuId, endedAt: null, orders: 1, gmv: 1500, detailViews: 1, conversion: 1 });
    const funnel = await host.liveStats.funnel({ liveId: setup.liveId });
    expect(funnel.bySource.find((r) => r.trackingCode === 'tcfunnel')).toMatchObject({ sourceType: 'live', cardClicks: 1, detailViews: 1, orders: 1, paid: 1 });
    expect(funnel.total.cartOpens).toBeGreaterThanOrEqual(1);
    const board = await host.liveStats.board({ liveId: setup.liveId });
    expect(board.skus[0]).toMatchObject({ skuId: setup.skuId, title: expect.stringContaining('秒杀测试商品') });
    expect(board.series.length).toBeGreaterThan(0);
  });
});

describe('the last-60-s window', () => {
  it('counts orders in (now − 60 s, now], at its edges', async () => {
    const kv = createMemoryKv();
    const now = 1_800_000_000_000;
    await kv.recentOrders.add(1, [{ orderSn: 'too-old', atMs: now - 60_000 }]);
    await kv.recentOrders.add(1, [{ orderSn: 'oldest-in', atMs: now - 59_999 }]);
    await kv.recentOrders.add(1, [{ orderSn: 'now', atMs: now }]);
    await kv.recentOrders.add(1, [{ orderSn: 'future', atMs: now + 1 }]);
    const at = (t: number) => kv.recentOrders.count(1, ...lastMinuteRange(t));
    // Exactly 60 s old is out; the future is not in yet.
    expect(await at(now)).toBe(2);
    // One millisecond later the oldest is 60 s old and drops out, the future one counts.
    expect(await at(now + 1)).toBe(2);
    expect(await at(now + 60_000)).toBe(1);
    expect(await at(now + 60_001)).toBe(0);
  });
});
