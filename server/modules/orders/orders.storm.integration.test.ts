// The flash sale under load and faults (DESIGN.md §4, §8): never oversold, whatever happens.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Container } from '@/server/container';
import { reconcile } from '@/server/modules/inventory/stock-ledger';
import { orderEvent } from '@/server/modules/live-stats/order-events';
import { ADDRESS, orderInput, setupFlashSale, type FlashSetup } from '@/server/testing/flash';
import { BACKENDS, callerFor, createSeededContainer, createViewers, userByName } from '@/server/testing/harness';

// Storms come from many users on one address: raise the per-user and per-IP limits here
// (the limiter has its own test).
const LOAD_LIMITS = { ORDER_RATE_USER_PER_10S: '100000', ORDER_RATE_IP_PER_10S: '1000000' };

async function dbState(container: Container, setup: FlashSetup) {
  const sku = await container.db.flashSku.findUniqueOrThrow({ where: { id: setup.flashSkuId }, select: { flashStock: true, sold: true, paid: true } });
  const orders = await container.db.order.findMany({ where: { items: { some: { flashSkuId: setup.flashSkuId } }, status: { in: ['PENDING_PAYMENT', 'PAID'] } }, select: { orderSn: true, userId: true, items: { select: { quantity: true } } } });
  const perUser = new Map<number, number>();
  for (const o of orders) perUser.set(o.userId, (perUser.get(o.userId) ?? 0) + o.items[0]!.quantity);
  return { ...sku, remaining: sku.flashStock - sku.sold, orders, maxPerUser: Math.max(0, ...perUser.values()) };
}

describe.each(BACKENDS)('flash orders on %s', (backend) => {
  let container: Container;
  beforeAll(async () => {
    container = await createSeededContainer(backend, LOAD_LIMITS);
  });
  afterAll(async () => {
    await container?.close();
  });

  it('sells exactly the stock in a storm of 2,000 attempts from 500 users, and not one more', async () => {
    const STOCK = 100;
    const LIMIT = 2;
    const setup = await setupFlashSale(container, { stock: STOCK, limit: LIMIT });
    const users = await createViewers(container, 500, 'storm');
    const callers = users.map((u) => callerFor(container, u));
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 2000 }, (_, i) => callers[i % 500]!.orders.create(orderInput(setup))));
    const seconds = (performance.now() - started) / 1000;
    const accepted = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const reasons = new Set(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { cause?: { reason?: string } }).cause?.reason ?? String(r.reason)] : [])));

    const state = await dbState(container, setup);
    const redisRemaining = await container.gate.remaining(setup.flashSkuId);
    console.log(`[storm ${backend}] attempts=2000 users=500 stock=${STOCK} accepted=${accepted.length} time=${seconds.toFixed(2)}s oversold=${Math.max(0, state.sold - STOCK)} redis=${redisRemaining}`);

    expect(accepted).toHaveLength(STOCK);
    for (const reason of reasons) expect(['SOLD_OUT', 'LIMIT_REACHED']).toContain(reason);
    expect(state.sold).toBe(STOCK);
    expect(state.sold + state.remaining).toBe(STOCK);
    expect(state.maxPerUser).toBeLessThanOrEqual(LIMIT);
    expect(redisRemaining).toBe(state.remaining);
    // Every accepted reply is an order in the database, and there are no others.
    expect(new Set(state.orders.map((o) => o.orderSn))).toEqual(new Set(accepted.map((o) => o.orderSn)));
    expect(await reconcile(container, { repair: false, flashSaleIds: [setup.flashSaleId] })).toEqual([]);
  });

  it('refuses attempts after the last unit without Redis or the database, answers a retry with its order, and sells a returned unit again', async () => {
    const setup = await setupFlashSale(container, { stock: 3, limit: 1 });
    const users = await createViewers(container, 60, 'late');
    const callers = users.map((u) => callerFor(container, u));
    const inputs = callers.slice(0, 10).map(() => orderInput(setup));
    const first = await Promise.allSettled(callers.slice(0, 10).map((c, i) => c.orders.create(inputs[i]!)));
    const accepted = first.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(accepted).toHaveLength(3);
    // Let the process read the reservations' keys after the gate said "sold out".
    await new Promise((r) => setTimeout(r, 50));

    const inProcess = async () => (await container.metrics.refusedInProcess.get()).values[0]?.value ?? 0;
    const before = await inProcess();
    const late = await Promise.allSettled(callers.slice(10).map((c) => c.orders.create(orderInput(setup))));
    expect(late.every((r) => r.status === 'rejected' && (r.reason as { cause?: { reason?: string } }).cause?.reason === 'SOLD_OUT')).toBe(true);
    expect((await inProcess()) - before).toBe(50);

    // The retry of an accepted order (same key, same body) is its order, not "sold out".
    const buyerIndex = first.findIndex((r) => r.status === 'fulfilled');
    const buyer = (first[buyerIndex] as PromiseFulfilledResult<(typeof accepted)[number]>).value;
    const retry = await callers[buyerIndex]!.orders.create(inputs[buyerIndex]!);
    expect(retry.orderSn).toBe(buyer.orderSn);

    // A cancelled order's unit is buyable again at once.
    await callers[buyerIndex]!.orders.cancel({ orderSn: buyer.orderSn });
    const again = await callers[30]!.orders.create(orderInput(setup));
    expect(again.status).toBe('PENDING_PAYMENT');
    const state = await dbState(container, setup);
    expect(state.sold).toBe(3);
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(state.remaining);
  });

  it('holds one user to the limit over 50 parallel attempts with different keys', async () => {
    const setup = await setupFlashSale(container, { stock: 50, limit: 3 });
    const [user] = await createViewers(container, 1, 'greedy');
    const caller = callerFor(container, user);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => caller.orders.create(orderInput(setup))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const state = await dbState(container, setup);
    expect(state.sold).toBe(3);
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(47);
  });

  it('answers the same idempotency key 50 times with one and the same order', async () => {
    const setup = await setupFlashSale(container, { stock: 10, limit: 5 });
    const [user] = await createViewers(container, 1, 'retry');
    const caller = callerFor(container, user);
    const input = orderInput(setup, { quantity: 2 });
    const replies = await Promise.all(Array.from({ length: 50 }, () => caller.orders.create(input)));
    expect(new Set(replies.map((r) => r.orderSn)).size).toBe(1);
    for (const r of replies) expect(r).toEqual(replies[0]);
    expect((await dbState(container, setup)).sold).toBe(2);
    // The same key with another body is refused, and changes nothing.
    await expect(caller.orders.create({ ...input, quantity: 1 })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/different order/) });
    expect((await dbState(container, setup)).sold).toBe(2);
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(8);
  });

  it('keeps selling after the gate loses its state (Redis restart), and oversells nothing', async () => {
    const setup = await setupFlashSale(container, { stock: 30, limit: 1 });
    const users = await createViewers(container, 60, 'restart');
    const first = await Promise.allSettled(users.slice(0, 20).map((u) => callerFor(container, u).orders.create(orderInput(setup))));
    expect(first.filter((r) => r.status === 'fulfilled')).toHaveLength(20);

    // A restart: the script cache and the keys are gone.
    if (backend === 'postgres+redis') {
      const admin = new Redis(inject('redisUrl'));
      await admin.script('FLUSH');
      await admin.quit();
    }
    await container.gate.drop(setup.flashSkuId);
    expect(await reconcile(container, { repair: false, flashSaleIds: [setup.flashSaleId] })).toEqual([
      expect.objectContaining({ flashSkuId: setup.flashSkuId, kind: 'redis', detail: 'not loaded in Redis' }),
    ]);
    await reconcile(container, { repair: 'always', flashSaleIds: [setup.flashSaleId] });
    // Users who already bought are still held to their limit.
    await expect(callerFor(container, users[0]).orders.create(orderInput(setup))).rejects.toMatchObject({ message: expect.stringMatching(/limit/) });

    const rest = await Promise.allSettled(users.slice(20).map((u) => callerFor(container, u).orders.create(orderInput(setup))));
    expect(rest.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const state = await dbState(container, setup);
    expect(state.sold).toBe(30);
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(0);
  });

  it('lets the database refuse the oversell when Redis stock is set too high by hand', async () => {
    const setup = await setupFlashSale(container, { stock: 5, limit: 1 });
    await container.gate.move(setup.flashSkuId, (await container.gate.generation(setup.flashSkuId))!, { stock: 995 });
    const users = await createViewers(container, 20, 'toohigh');
    const results = await Promise.allSettled(users.map((u) => callerFor(container, u).orders.create(orderInput(setup))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect((await dbState(container, setup)).sold).toBe(5);
    // The database's refusals told the gate it was wrong: it was rebuilt from the database, without the reconciler.
    await expect.poll(() => container.gate.remaining(setup.flashSkuId), { timeout: 3000, interval: 20 }).toBe(0);
    expect(await reconcile(container, { repair: false, flashSaleIds: [setup.flashSaleId] })).toEqual([]);
  });

  it('writes no order and gives the Redis stock back when the database fails inside the transaction', async () => {
    const setup = await setupFlashSale(container, { stock: 5, limit: 2 });
    const [user] = await createViewers(container, 1, 'dberror');
    // A trigger that fails the order insert for one tracking code only: a real database error mid-transaction.
    await container.db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION fail_marked_order() RETURNS trigger AS $$
      BEGIN IF NEW.tracking_code = 'boom' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await container.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS fail_marked_order ON live_order`);
    await container.db.$executeRawUnsafe(`CREATE TRIGGER fail_marked_order BEFORE INSERT ON live_order FOR EACH ROW EXECUTE FUNCTION fail_marked_order()`);
    try {
      const caller = callerFor(container, user);
      await expect(caller.orders.create(orderInput(setup, { trackingCode: 'boom' }))).rejects.toThrow();
      expect(await container.db.order.count({ where: { userId: user!.id } })).toBe(0);
      const state = await dbState(container, setup);
      expect(state.sold).toBe(0);
      expect(await container.gate.remaining(setup.flashSkuId)).toBe(5);
      expect(await container.gate.holds(setup.flashSkuId)).toEqual({});
      // And the same user can buy normally afterwards.
      await expect(caller.orders.create(orderInput(setup))).resolves.toMatchObject({ status: 'PENDING_PAYMENT' });
    } finally {
      await container.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS fail_marked_order ON live_order`);
    }
  });

  it('commits a burst together, and one order the database refuses does not take the others down', async () => {
    const setup = await setupFlashSale(container, { stock: 50, limit: 1 });
    const users = await createViewers(container, 30, 'group');
    await container.db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION fail_marked_order() RETURNS trigger AS $$
      BEGIN IF NEW.tracking_code = 'boom' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await container.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS fail_marked_order ON live_order`);
    await container.db.$executeRawUnsafe(`CREATE TRIGGER fail_marked_order BEFORE INSERT ON live_order FOR EACH ROW EXECUTE FUNCTION fail_marked_order()`);
    try {
      const fallbacks = async (reason: string) => (await container.metrics.groupFallbacks.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
      const errorsBefore = await fallbacks('error');
      const results = await Promise.allSettled(users.map((u, i) => callerFor(container, u).orders.create(orderInput(setup, i === 7 ? { trackingCode: 'boom' } : {}))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(29);
      // The group that held the failing order fell back, and operators can see that it did.
      expect(await fallbacks('error')).toBeGreaterThan(errorsBefore);
      expect(results[7]!.status).toBe('rejected');
      const state = await dbState(container, setup);
      expect(state.sold).toBe(29);
      expect(new Set(state.orders.map((o) => o.orderSn))).toEqual(new Set(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.orderSn] : []))));
      expect(await container.gate.remaining(setup.flashSkuId)).toBe(21);
      expect((await container.gate.holds(setup.flashSkuId))[users[7]!.id]).toBeUndefined();
      // Each order has its own items and outbox event.
      expect(await container.db.outboxEvent.count({ where: { aggregateId: { in: state.orders.map((o) => o.orderSn) } } })).toBe(29);
    } finally {
      await container.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS fail_marked_order ON live_order`);
    }
  });
  it('writes a group-committed order exactly as a single one: row, item, address and outbox event', async () => {
    const setup = await setupFlashSale(container, { stock: 100, limit: 2 });
    const users = await createViewers(container, 40, 'same');
    // A pinned goods, so the orders carry their 讲解 segment.
    const host = callerFor(container, await userByName(container, 'host1'));
    await host.live.pin({ liveId: setup.liveId, roomGoodsId: setup.roomGoodsId });
    const replies = await Promise.all(users.map((u, i) => callerFor(container, u).orders.create(orderInput(setup, { quantity: 1 + (i % 2), trackingCode: `tc${i}`, address: { ...ADDRESS, detail: `文三路 ${i} 号` } }))));
    const orders = await container.db.order.findMany({
      where: { orderSn: { in: replies.map((r) => r.orderSn) } },
      select: { orderSn: true, liveId: true, userId: true, createdAt: true, pinSegmentId: true, totalAmount: true, trackingCode: true, status: true, items: { select: { skuId: true, spuId: true, flashSkuId: true, quantity: true, amount: true, unitPrice: true } } },
    });
    expect(orders).toHaveLength(40);
    const events = new Map((await container.db.outboxEvent.findMany({ where: { aggregateId: { in: replies.map((r) => r.orderSn) } }, select: { aggregateId: true, type: true, payload: true } })).map((e) => [e.aggregateId, e]));
    for (const [i, user] of users.entries()) {
      const reply = replies[i]!;
      const order = orders.find((o) => o.orderSn === reply.orderSn)!;
      expect(order).toMatchObject({ userId: user.id, status: 'PENDING_PAYMENT', trackingCode: `tc${i}`, totalAmount: setup.flashPrice * (1 + (i % 2)), pinSegmentId: expect.any(Number) });
      expect(order.items).toEqual([{ skuId: setup.skuId, spuId: setup.spuId, flashSkuId: setup.flashSkuId, quantity: 1 + (i % 2), unitPrice: setup.flashPrice, amount: setup.flashPrice * (1 + (i % 2)) }]);
      expect(reply.createdAt).toBe(order.createdAt.toISOString());
      // The event the stats pipeline reads is the one a single commit would have written.
      expect(events.get(order.orderSn)).toEqual({ aggregateId: order.orderSn, type: 'OrderCreatedEvent', payload: orderEvent('OrderCreatedEvent', order).payload });
      expect(await container.db.address.findUnique({ where: { userId: user.id }, select: { detail: true } })).toEqual({ detail: `文三路 ${i} 号` });
    }
  });

  it('buys and cancels at the same moment without a deadlock: every call answered, the ledger exact', async () => {
    // Cancels lock user_purchase then flash_sku; group commits lock buyers' rows then flash_sku
    // last. In any other order the two would deadlock and PostgreSQL would kill one of them.
    const setup = await setupFlashSale(container, { stock: 1000, limit: 3 });
    const users = await createViewers(container, 100, 'churn');
    const callers = users.map((u) => callerFor(container, u));
    const first = await Promise.all(callers.map((c) => c.orders.create(orderInput(setup))));
    const results = await Promise.allSettled(
      callers.flatMap((c, i) => [c.orders.cancel({ orderSn: first[i]!.orderSn }), c.orders.create(orderInput(setup)), c.orders.create(orderInput(setup))]),
    );
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failed).toEqual([]);
    const state = await dbState(container, setup);
    expect(state.sold).toBe(200);
    expect(state.orders).toHaveLength(200);
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(800);
    expect(await reconcile(container, { repair: false, flashSaleIds: [setup.flashSaleId] })).toEqual([]);
  });
});

// ORDER_FAST_REFUSALS=off exists so that the bench can measure the in-process refusals against
// their absence: with it off, every late attempt is refused by the gate, none by the process.
describe('flash orders with ORDER_FAST_REFUSALS=off', () => {
  let container: Container;
  beforeAll(async () => {
    container = await createSeededContainer('postgres+redis', { ...LOAD_LIMITS, ORDER_FAST_REFUSALS: 'off' });
  });
  afterAll(async () => {
    await container?.close();
  });

  it('refuses attempts after the last unit at the gate, never in process, and sells exactly the stock', async () => {
    const setup = await setupFlashSale(container, { stock: 3, limit: 1 });
    const users = await createViewers(container, 60, 'slow');
    const callers = users.map((u) => callerFor(container, u));
    const first = await Promise.allSettled(callers.slice(0, 10).map((c) => c.orders.create(orderInput(setup))));
    expect(first.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 50));

    const late = await Promise.allSettled(callers.slice(10).map((c) => c.orders.create(orderInput(setup))));
    expect(late.every((r) => r.status === 'rejected' && (r.reason as { cause?: { reason?: string } }).cause?.reason === 'SOLD_OUT')).toBe(true);
    expect((await container.metrics.refusedInProcess.get()).values[0]?.value ?? 0).toBe(0);
    const state = await dbState(container, setup);
    expect(state.sold).toBe(3);
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(0);
  });
});
