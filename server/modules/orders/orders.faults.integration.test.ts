// The flash-sale promise under faults of the gate (DESIGN.md §4, §8): a cold gate rebuilt once
// without erasing reservations in flight, and a Redis outage that degrades the sale to the
// database's speed instead of stopping it. Real Redis servers started by the test, real
// PostgreSQL; the cold gate on the embedded default too.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { type TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { AppError } from '@/server/errors';
import { reconcile } from '@/server/modules/inventory/stock-ledger';
import { requestHashOf } from '@/server/modules/orders/orders.service';
import { orderInput, setupFlashSale, type FlashSetup } from '@/server/testing/flash';
import { BACKENDS, callerFor, createSeededContainer, createTestContainer, createViewers, refusal, type Backend } from '@/server/testing/harness';
import type { SessionUser } from '@/server/modules/auth/session';

const LOAD_LIMITS = { ORDER_RATE_USER_PER_10S: '100000', ORDER_RATE_IP_PER_10S: '1000000' };
const REFUSALS = ['SOLD_OUT', 'LIMIT_REACHED'];

async function ledger(container: Container, setup: FlashSetup) {
  const sku = await container.db.flashSku.findUniqueOrThrow({ where: { id: setup.flashSkuId }, select: { flashStock: true, sold: true } });
  const purchases = await container.db.userPurchase.findMany({ where: { flashSkuId: setup.flashSkuId, quantity: { gt: 0 } }, select: { userId: true, quantity: true } });
  const orders = await container.db.order.findMany({ where: { items: { some: { flashSkuId: setup.flashSkuId } }, status: { in: ['PENDING_PAYMENT', 'PAID'] } }, select: { orderSn: true } });
  return { remaining: sku.flashStock - sku.sold, sold: sku.sold, holds: Object.fromEntries(purchases.map((p) => [p.userId, p.quantity])), orders: orders.map((o) => o.orderSn) };
}

async function counter(container: Container, name: 'orderCommits' | 'gateRebuilds' | 'gateBypassed', label?: string) {
  const values = (await container.metrics[name].get()).values;
  return values.filter((v) => label === undefined || (v.labels as Record<string, string>).result === label).reduce((n, v) => n + v.value, 0);
}

/** Every attempt, with its outcome: the order, or the refusal's reason and HTTP-level code. */
async function storm(container: Container, setup: FlashSetup, users: SessionUser[], attemptsEach: number) {
  const outcomes = await Promise.all(
    users.flatMap((u) =>
      Array.from({ length: attemptsEach }, async () => {
        try {
          const order = await callerFor(container, u).orders.create(orderInput(setup));
          return { ok: true as const, orderSn: order.orderSn, userId: u.id };
        } catch (error) {
          const cause = (error as TRPCError).cause;
          return { ok: false as const, code: (error as TRPCError).code, reason: cause instanceof AppError ? cause.reason : String(error) };
        }
      }),
    ),
  );
  const accepted = outcomes.flatMap((o) => (o.ok ? [o.orderSn] : []));
  const refused = outcomes.flatMap((o) => (o.ok ? [] : [o]));
  return { accepted, refused };
}

describe.each(BACKENDS)('a cold gate on %s', (backend: Backend) => {
  let container: Container;
  beforeAll(async () => {
    container = await createSeededContainer(backend, LOAD_LIMITS);
  });
  afterAll(async () => {
    await container?.close();
  });

  it('is rebuilt once at the start of a burst, refusals stay at the gate, and the gate equals the database as soon as orders settle', async () => {
    const STOCK = 35;
    const setup = await setupFlashSale(container, { stock: STOCK, limit: 1 });
    const users = await createViewers(container, 300, 'cold');
    // The keys vanish (restart, eviction, a hand), just before the burst.
    await container.gate.drop(setup.flashSkuId);
    const rebuildsBefore = await counter(container, 'gateRebuilds');
    const commitsBefore = await counter(container, 'orderCommits');
    const { accepted, refused } = await storm(container, setup, users, 5);

    const db = await ledger(container, setup);
    const commits = (await counter(container, 'orderCommits')) - commitsBefore;
    const rebuilds = (await counter(container, 'gateRebuilds')) - rebuildsBefore;
    console.log(`[cold gate ${backend}] attempts=1500 accepted=${accepted.length} refused=${refused.length} db-transactions=${commits} rebuilds=${rebuilds} redis=${await container.gate.remaining(setup.flashSkuId)} db=${db.remaining}`);

    expect(accepted).toHaveLength(STOCK);
    expect(new Set(db.orders)).toEqual(new Set(accepted));
    for (const r of refused) expect(REFUSALS).toContain(r.reason);
    // Right after the burst, without the reconciler: the gate is the database's truth.
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(db.remaining);
    expect(await container.gate.holds(setup.flashSkuId)).toEqual(db.holds);
    // One rebuild for the whole burst, and the 1,465 refusals cost no database transaction.
    expect(rebuilds).toBe(1);
    expect(commits).toBeLessThanOrEqual(STOCK);
    expect(await reconcile(container, { repair: false, flashSaleIds: [setup.flashSaleId] })).toEqual([]);
  });

  it('keeps reservations in flight when the gate is rebuilt in the middle of a burst', async () => {
    const STOCK = 60;
    const setup = await setupFlashSale(container, { stock: STOCK, limit: 1 });
    const users = await createViewers(container, 200, 'midburst');
    const burst = storm(container, setup, users, 2);
    // Rebuilds while orders are between the gate and their commit.
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 15));
      await container.inventory.loadGeneration(setup.flashSkuId);
    }
    const { accepted, refused } = await burst;
    const db = await ledger(container, setup);
    expect(accepted).toHaveLength(STOCK);
    for (const r of refused) expect(REFUSALS).toContain(r.reason);
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(db.remaining);
    expect(await container.gate.holds(setup.flashSkuId)).toEqual(db.holds);
  });

  it('lets the retry of a request whose instance died between gate and commit take its reservation over, across a rebuild', async () => {
    const setup = await setupFlashSale(container, { stock: 5, limit: 1 });
    const [viewer] = await createViewers(container, 1, 'orphan');
    const input = orderInput(setup);
    // The first attempt reserved at the gate, then its process was killed: no order was written.
    const orphan = await container.gate.reserve({ flashSkuId: setup.flashSkuId, userId: viewer!.id, quantity: 1, perUserLimit: 1, idempotencyKey: input.idempotencyKey, requestHash: requestHashOf(input) });
    expect(orphan).toMatchObject({ ok: true, remaining: 4 });
    // The gate is rebuilt meanwhile (the database never saw the reservation).
    await container.inventory.loadGeneration(setup.flashSkuId);
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(5);
    // The client retries with the same key: it gets its order, once.
    const order = await callerFor(container, viewer).orders.create(input);
    expect(order.status).toBe('PENDING_PAYMENT');
    const db = await ledger(container, setup);
    expect(db.orders).toEqual([order.orderSn]);
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(4);
    expect(await container.gate.holds(setup.flashSkuId)).toEqual({ [viewer!.id]: 1 });
  });
});

// A Redis server of this test's own, so it can be stopped and started without touching the machine's.
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

async function stopRedis(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

describe('a Redis outage on postgres+redis', () => {
  let container: Container;
  let redis: ChildProcess;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    container = await createTestContainer('postgres+redis', { ...LOAD_LIMITS, REDIS_URL: `redis://127.0.0.1:${port}` }, { redisKeyPrefix: `lc:outage:${randomUUID().slice(0, 8)}:` });
  });
  afterAll(async () => {
    await container?.close();
    if (redis) await stopRedis(redis);
  });

  it('degrades the sale to the database, never stops it, and the gate takes over again when Redis is back', async () => {
    const STOCK = 80;
    const setup = await setupFlashSale(container, { stock: STOCK, limit: 2 });
    const users = await createViewers(container, 120, 'outage');
    const before = await storm(container, setup, users.slice(0, 20), 1);
    expect(before.accepted).toHaveLength(20);

    // Redis dies (no shutdown, no goodbye).
    await stopRedis(redis);
    const bypassedBefore = await counter(container, 'gateBypassed');
    const during = await storm(container, setup, users.slice(20, 60), 1);
    // A regular order needs no gate at all.
    const regular = await callerFor(container, users[0]).orders.create(orderInput(setup, { flashSkuId: undefined }));
    expect(regular.status).toBe('PENDING_PAYMENT');
    console.log(`[outage] taken during the outage: ${during.accepted.length} of 40, refused ${during.refused.length} (${[...new Set(during.refused.map((r) => r.reason))].join(', ')}), gate bypassed ${(await counter(container, 'gateBypassed')) - bypassedBefore}`);
    // Orders go on at database speed: every one taken, none of them a 5xx.
    expect(during.refused).toEqual([]);
    expect(during.accepted).toHaveLength(40);

    // Redis comes back empty (it keeps nothing on disk): the gate is rebuilt from the database.
    redis = await startRedis(port);
    const db = await ledger(container, setup);
    await expect.poll(() => container.gate.remaining(setup.flashSkuId), { timeout: 10_000, interval: 50 }).toBe(db.remaining);
    expect(await container.gate.holds(setup.flashSkuId)).toEqual(db.holds);

    // And sells out exactly, no user past the limit.
    const after = await storm(container, setup, users.slice(60), 2);
    for (const r of after.refused) expect(REFUSALS).toContain(r.reason);
    const end = await ledger(container, setup);
    expect(end.sold).toBe(STOCK);
    expect(new Set(end.orders)).toEqual(new Set([...before.accepted, ...during.accepted, ...after.accepted]));
    expect(Math.max(...Object.values(end.holds))).toBeLessThanOrEqual(2);
    expect(await container.gate.remaining(setup.flashSkuId)).toBe(0);
    expect(await reconcile(container, { repair: false, flashSaleIds: [setup.flashSaleId] })).toEqual([]);
  });

  it('answers the retry of an order taken during the outage with that order, also once the SKU is sold out', async () => {
    const setup = await setupFlashSale(container, { stock: 2, limit: 1 });
    const users = await createViewers(container, 3, 'outage-retry');
    const inputs = users.map(() => orderInput(setup));
    await stopRedis(redis);
    try {
      const first = await callerFor(container, users[0]).orders.create(inputs[0]!);
      await callerFor(container, users[1]).orders.create(inputs[1]!);
      // The database refuses the third: the process now calls the SKU sold out for a while…
      expect(((await refusal(callerFor(container, users[2]).orders.create(inputs[2]!))).cause as { reason?: string }).reason).toBe('SOLD_OUT');
      // …but the first buyer's retry (same key, same body) is their order, not "sold out".
      expect((await callerFor(container, users[0]).orders.create(inputs[0]!)).orderSn).toBe(first.orderSn);
    } finally {
      redis = await startRedis(port);
    }
  });
});
