// The stock gate against real Redis, a Redis Cluster of three masters (started here; every
// script's keys share one {fs:<id>} slot) and its in-process twin: the same behaviour,
// generations included.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisClient, createRedisClusterClient, type RedisClient } from '@/server/redis/redis-kv';
import { startRedisCluster, type RedisClusterHandle } from '@/server/testing/cluster';
import type { ReserveRequest, StockGate } from './gate';
import { createMemoryGate } from './gate-memory';
import { createRedisGate } from './gate-redis';

const clients: RedisClient[] = [];
let cluster: RedisClusterHandle | undefined;
const backends: Record<string, () => StockGate> = {
  redis: () => {
    const redis = createRedisClient(inject('redisUrl'), { keyPrefix: `${inject('redisPrefix')}${randomUUID().slice(0, 8)}:` });
    clients.push(redis);
    return createRedisGate(redis);
  },
  cluster: () => {
    const redis = createRedisClusterClient(cluster!.nodes, { keyPrefix: `gate-${randomUUID().slice(0, 8)}:` });
    clients.push(redis);
    return createRedisGate(redis);
  },
  memory: () => createMemoryGate(),
};

beforeAll(async () => {
  cluster = await startRedisCluster();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
  await cluster?.stop();
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

describe.each(Object.entries(backends))('%s stock gate', (_name, make) => {
  it('reserves stock, refuses beyond the per-user limit and when sold out', async () => {
    const gate = make();
    const sku = nextSku++;
    await gate.load(sku, 1, 3, {});
    expect(await gate.reserve(request({ flashSkuId: sku, userId: 1 }))).toEqual({ ok: true, duplicate: false, remaining: 2, gen: 1 });
    expect(await gate.reserve(request({ flashSkuId: sku, userId: 1 }))).toEqual({ ok: true, duplicate: false, remaining: 1, gen: 1 });
    expect(await gate.reserve(request({ flashSkuId: sku, userId: 1 }))).toMatchObject({ ok: false, reason: 'LIMIT_REACHED', remaining: 1 });
    expect(await gate.reserve(request({ flashSkuId: sku, userId: 2, quantity: 2 }))).toMatchObject({ ok: false, reason: 'SOLD_OUT', remaining: 1 });
    expect(await gate.reserve(request({ flashSkuId: sku, userId: 2, quantity: 1 }))).toMatchObject({ ok: true, remaining: 0 });
    expect(await gate.reserve(request({ flashSkuId: sku, userId: 3 }))).toMatchObject({ ok: false, reason: 'SOLD_OUT', remaining: 0 });
    expect(await gate.remaining(sku)).toBe(0);
  });

  it('answers a repeated key as a duplicate and a reused key with another body as a conflict', async () => {
    const gate = make();
    const sku = nextSku++;
    await gate.load(sku, 1, 10, {});
    const first = request({ flashSkuId: sku });
    expect(await gate.reserve(first)).toMatchObject({ ok: true, duplicate: false, remaining: 9 });
    expect(await gate.reserve(first)).toMatchObject({ ok: true, duplicate: true, remaining: 9 });
    expect(await gate.reserve({ ...first, requestHash: 'b' })).toMatchObject({ ok: false, reason: 'IDEMPOTENCY_CONFLICT' });
    expect(await gate.remaining(sku)).toBe(9);
  });

  it('gives a reservation back within its generation, user hold and key included', async () => {
    const gate = make();
    const sku = nextSku++;
    await gate.load(sku, 4, 1, {});
    const r = request({ flashSkuId: sku, perUserLimit: 1, idempotencyKey: 'k' });
    expect(await gate.reserve(r)).toMatchObject({ ok: true, gen: 4 });
    expect(await gate.move(sku, 4, { stock: 1, userId: r.userId, hold: -1, forgetKey: 'k' })).toBe(1);
    expect(await gate.holds(sku)).toEqual({});
    // The same user may buy again, with the same key: nothing of the first try is left.
    expect(await gate.reserve(r)).toMatchObject({ ok: true, duplicate: false, remaining: 0 });
  });

  it('skips a give-back from an older generation: a rebuilt gate is never inflated', async () => {
    const gate = make();
    const sku = nextSku++;
    await gate.load(sku, 1, 5, {});
    const r = await gate.reserve(request({ flashSkuId: sku, userId: 9 }));
    expect(r).toMatchObject({ ok: true, gen: 1, remaining: 4 });
    // Rebuilt from the database, which never saw the reservation.
    expect(await gate.load(sku, 2, 5, {})).toBe(true);
    expect(await gate.move(sku, 1, { stock: 1, userId: 9, hold: -1 })).toBeUndefined();
    expect(await gate.remaining(sku)).toBe(5);
    expect(await gate.holds(sku)).toEqual({});
    // A slower rebuild of an older generation does not overwrite the newer one.
    expect(await gate.load(sku, 1, 99, {})).toBe(false);
    expect(await gate.remaining(sku)).toBe(5);
    expect(await gate.generation(sku)).toBe(2);
  });

  it('refuses a SKU that was never loaded, and keeps what users already hold on load', async () => {
    const gate = make();
    const sku = nextSku++;
    expect(await gate.reserve(request({ flashSkuId: sku }))).toMatchObject({ ok: false, reason: 'NOT_LOADED' });
    expect(await gate.move(sku, 0, { stock: 1 })).toBeUndefined();
    await gate.load(sku, 1, 5, { 7: 2 });
    expect(await gate.reserve(request({ flashSkuId: sku, userId: 7, perUserLimit: 2 }))).toMatchObject({ ok: false, reason: 'LIMIT_REACHED' });
  });

  it('gives the rebuild lease to one caller at a time', async () => {
    const gate = make();
    const sku = nextSku++;
    const leases = await Promise.all(Array.from({ length: 20 }, () => gate.lease(sku, 5000)));
    expect(leases.filter(Boolean)).toHaveLength(1);
    await gate.unlease(sku);
    expect(await gate.lease(sku, 5000)).toBe(true);
  });

  it('never oversells under 600 concurrent attempts from 300 users against stock 100', async () => {
    const gate = make();
    const sku = nextSku++;
    await gate.load(sku, 1, 100, {});
    const results = await Promise.all(Array.from({ length: 600 }, (_, i) => gate.reserve(request({ flashSkuId: sku, userId: i % 300, perUserLimit: 1 }))));
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect(await gate.remaining(sku)).toBe(0);
  });
});

describe('redis stock gate after a script cache flush', () => {
  it('reloads the Lua script by itself', async () => {
    const gate = backends.redis!();
    const sku = nextSku++;
    await gate.load(sku, 1, 2, {});
    expect(await gate.reserve(request({ flashSkuId: sku }))).toMatchObject({ ok: true });
    const admin = new Redis(inject('redisUrl'));
    await admin.script('FLUSH');
    await admin.quit();
    expect(await gate.reserve(request({ flashSkuId: sku, userId: 2 }))).toMatchObject({ ok: true, remaining: 0 });
  });
});
