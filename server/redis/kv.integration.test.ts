// The key-value services against real Redis and the in-process stand-in: same behaviour.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { KvServices, ReserveRequest } from './kv';
import { createMemoryKv } from './memory-kv';
import { createRedisKv } from './redis-kv';

const made: KvServices[] = [];
const backends = {
  redis: () => {
    const kv = createRedisKv(inject('redisUrl'), { keyPrefix: `${inject('redisPrefix')}${randomUUID().slice(0, 8)}:` });
    made.push(kv);
    return kv;
  },
  memory: () => {
    const kv = createMemoryKv();
    made.push(kv);
    return kv;
  },
};

afterAll(async () => {
  await Promise.all(made.map((kv) => kv.close()));
});

let nextSku = 1;
const request = (over: Partial<ReserveRequest> = {}): ReserveRequest => ({
  flashSkuId: 1,
  userId: 1,
  quantity: 1,
  perUserLimit: 2,
  idempotencyKey: randomUUID(),
  requestHash: 'h1',
  ...over,
});

describe.each(Object.entries(backends))('%s key-value services', (_name, make) => {
  it('reserves stock, refuses beyond the per-user limit and when sold out', async () => {
    const kv = make();
    const sku = nextSku++;
    await kv.gate.load(sku, 3, {});
    expect(await kv.gate.reserve(request({ flashSkuId: sku, userId: 1 }))).toEqual({ ok: true, duplicate: false, remaining: 2 });
    expect(await kv.gate.reserve(request({ flashSkuId: sku, userId: 1 }))).toEqual({ ok: true, duplicate: false, remaining: 1 });
    expect(await kv.gate.reserve(request({ flashSkuId: sku, userId: 1 }))).toMatchObject({ ok: false, reason: 'LIMIT_REACHED', remaining: 1 });
    expect(await kv.gate.reserve(request({ flashSkuId: sku, userId: 2, quantity: 2 }))).toMatchObject({ ok: false, reason: 'SOLD_OUT', remaining: 1 });
    expect(await kv.gate.reserve(request({ flashSkuId: sku, userId: 2, quantity: 1 }))).toMatchObject({ ok: true, remaining: 0 });
    expect(await kv.gate.reserve(request({ flashSkuId: sku, userId: 3 }))).toMatchObject({ ok: false, reason: 'SOLD_OUT', remaining: 0 });
    expect(await kv.gate.remaining(sku)).toBe(0);
  });

  it('answers a repeated idempotency key without taking stock twice, and refuses it with another body', async () => {
    const kv = make();
    const sku = nextSku++;
    await kv.gate.load(sku, 10, {});
    const first = request({ flashSkuId: sku, idempotencyKey: 'k1', requestHash: 'a' });
    expect(await kv.gate.reserve(first)).toMatchObject({ ok: true, duplicate: false, remaining: 9 });
    expect(await kv.gate.reserve(first)).toMatchObject({ ok: true, duplicate: true, remaining: 9 });
    expect(await kv.gate.reserve({ ...first, requestHash: 'b' })).toMatchObject({ ok: false, reason: 'IDEMPOTENCY_CONFLICT' });
    expect(await kv.gate.remaining(sku)).toBe(9);
  });

  it('gives a reservation back, user hold and key included', async () => {
    const kv = make();
    const sku = nextSku++;
    await kv.gate.load(sku, 1, {});
    const r = request({ flashSkuId: sku, perUserLimit: 1, idempotencyKey: 'k' });
    expect(await kv.gate.reserve(r)).toMatchObject({ ok: true });
    await kv.gate.release(sku, r.userId, 1, 'k');
    expect(await kv.gate.remaining(sku)).toBe(1);
    // The same user may buy again, with the same key: nothing of the first try is left.
    expect(await kv.gate.reserve(r)).toMatchObject({ ok: true, duplicate: false, remaining: 0 });
  });

  it('refuses a SKU that was never loaded, and keeps what users already hold on load', async () => {
    const kv = make();
    const sku = nextSku++;
    expect(await kv.gate.reserve(request({ flashSkuId: sku }))).toMatchObject({ ok: false, reason: 'NOT_LOADED' });
    await kv.gate.load(sku, 5, { 7: 2 });
    expect(await kv.gate.reserve(request({ flashSkuId: sku, userId: 7, perUserLimit: 2 }))).toMatchObject({ ok: false, reason: 'LIMIT_REACHED' });
  });

  it('never oversells under 600 concurrent attempts from 300 users against stock 100', async () => {
    const kv = make();
    const sku = nextSku++;
    await kv.gate.load(sku, 100, {});
    const results = await Promise.all(
      Array.from({ length: 600 }, (_, i) => kv.gate.reserve(request({ flashSkuId: sku, userId: i % 300, perUserLimit: 1 }))),
    );
    const accepted = results.filter((r) => r.ok);
    expect(accepted).toHaveLength(100);
    expect(await kv.gate.remaining(sku)).toBe(0);
  });

  it('expires cached values after their TTL and deletes on demand', async () => {
    const kv = make();
    const key = `goods:${randomUUID()}`;
    await kv.cache.set(key, { title: '脐橙', price: 2990 }, 1);
    expect(await kv.cache.get(key)).toEqual({ title: '脐橙', price: 2990 });
    await kv.cache.del(key);
    expect(await kv.cache.get(key)).toBeUndefined();
    await kv.cache.set(key, 1, 1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await kv.cache.get(key)).toBeUndefined();
  });

  it('delivers published messages to subscribers until they unsubscribe', async () => {
    const kv = make();
    const channel = `ch:${randomUUID()}`;
    const got: unknown[] = [];
    const unsubscribe = await kv.pubsub.subscribe(channel, (m) => got.push(m));
    await kv.pubsub.publish(channel, { n: 1 });
    await expect.poll(() => got).toEqual([{ n: 1 }]);
    await unsubscribe();
    await kv.pubsub.publish(channel, { n: 2 });
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([{ n: 1 }]);
  });

  it('counts a room’s orders in a time window (live:{id}:orders)', async () => {
    const kv = make();
    const live = nextSku++;
    const t0 = 1_700_000_000_000;
    await kv.recentOrders.add(live, [{ orderSn: 'A', atMs: t0 }]);
    await kv.recentOrders.add(live, [{ orderSn: 'B', atMs: t0 + 30_000 }]);
    await kv.recentOrders.add(live, [{ orderSn: 'C', atMs: t0 + 61_000 }]);
    expect(await kv.recentOrders.count(live, t0 + 61_000 - 60_000, t0 + 61_000)).toBe(2);
    expect(await kv.recentOrders.count(live, t0, t0 + 61_000)).toBe(3);
  });

  it('adds a step’s orders in one call, and forgets those older than five minutes', async () => {
    const kv = make();
    const live = nextSku++;
    const t0 = 1_700_000_000_000;
    await kv.recentOrders.add(live, [{ orderSn: 'old', atMs: t0 }]);
    await kv.recentOrders.add(live, Array.from({ length: 50 }, (_, i) => ({ orderSn: `N${i}`, atMs: t0 + 5 * 60_000 + 1 + i })));
    expect(await kv.recentOrders.count(live, t0 + 5 * 60_000, t0 + 6 * 60_000)).toBe(50);
    expect(await kv.recentOrders.count(live, 0, t0 + 6 * 60_000)).toBe(50);
    await kv.recentOrders.add(live, []);
    expect(await kv.recentOrders.count(live, 0, t0 + 6 * 60_000)).toBe(50);
  });
});

describe('redis stock gate after a script cache flush', () => {
  it('reloads the Lua script by itself', async () => {
    const kv = backends.redis();
    const sku = nextSku++;
    await kv.gate.load(sku, 2, {});
    expect(await kv.gate.reserve(request({ flashSkuId: sku }))).toMatchObject({ ok: true });
    const admin = new Redis(inject('redisUrl'));
    await admin.script('FLUSH');
    await admin.quit();
    expect(await kv.gate.reserve(request({ flashSkuId: sku, userId: 2 }))).toMatchObject({ ok: true, remaining: 0 });
  });
});
