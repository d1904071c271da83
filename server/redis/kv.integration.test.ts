// The key-value services against real Redis, a Redis Cluster of three masters (started here)
// and the in-process stand-in: same behaviour.
// (The stock gate's tests are inventory's: server/modules/inventory/gate.integration.test.ts.)
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRedisCluster, type RedisClusterHandle } from '@/server/testing/cluster';
import type { KvServices } from './kv';
import { createMemoryKv } from './memory-kv';
import { createRedisKv } from './redis-kv';

const made: KvServices[] = [];
let cluster: RedisClusterHandle | undefined;
const onCluster = (keyPrefix = `kv-${randomUUID().slice(0, 8)}:`) => {
  const kv = createRedisKv({ cluster: cluster!.nodes }, { keyPrefix });
  made.push(kv);
  return kv;
};
const backends = {
  redis: () => {
    const kv = createRedisKv(inject('redisUrl'), { keyPrefix: `${inject('redisPrefix')}${randomUUID().slice(0, 8)}:` });
    made.push(kv);
    return kv;
  },
  cluster: () => onCluster(),
  memory: () => {
    const kv = createMemoryKv();
    made.push(kv);
    return kv;
  },
};

beforeAll(async () => {
  cluster = await startRedisCluster();
});

afterAll(async () => {
  await Promise.all(made.map((kv) => kv.close()));
  await cluster?.stop();
});

describe('key-value services on a Redis Cluster', () => {
  it('deletes cache keys that live on different nodes in one call', async () => {
    const kv = onCluster();
    // Twenty keys without a hash tag spread over the three masters' slots (one DEL would be CROSSSLOT).
    const keys = Array.from({ length: 20 }, (_, i) => `goods:${i}:${randomUUID()}`);
    for (const key of keys) await kv.cache.set(key, { key }, 60);
    expect(await kv.cache.get(keys[7]!)).toEqual({ key: keys[7] });
    await kv.cache.del(...keys);
    for (const key of keys) expect(await kv.cache.get(key)).toBeUndefined();
  });

  it('carries a message of one instance to the others, whichever node each is subscribed on', async () => {
    const prefix = `kv-${randomUUID().slice(0, 8)}:`;
    const [a, b, c] = [onCluster(prefix), onCluster(prefix), onCluster(prefix)];
    const got: unknown[] = [];
    await b.pubsub.subscribe('outbox:wake', (m) => got.push(['b', m]));
    await c.pubsub.subscribe('outbox:wake', (m) => got.push(['c', m]));
    await a.pubsub.publish('outbox:wake', 1);
    await expect.poll(() => got.length).toBe(2);
    expect(got).toEqual(expect.arrayContaining([['b', 1], ['c', 1]]));
  });
});

let nextSku = 1;
describe.each(Object.entries(backends))('%s key-value services', (_name, make) => {
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

  it('takes orders that no longer stand out of the window', async () => {
    const kv = make();
    const live = nextSku++;
    const t0 = 1_700_000_000_000;
    await kv.recentOrders.add(live, [{ orderSn: 'A', atMs: t0 }, { orderSn: 'B', atMs: t0 + 1 }]);
    await kv.recentOrders.remove(live, ['A']);
    expect(await kv.recentOrders.count(live, t0, t0 + 60_000)).toBe(1);
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
