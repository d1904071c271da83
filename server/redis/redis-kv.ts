// KvServices on Redis (ioredis), one server or a Redis Cluster. One command connection (on a
// cluster: one per node), plus one subscriber connection created on the first subscribe (a
// subscribed connection can do nothing else).
//
// On a cluster every command and script touches one hash slot: the domains' multi-key scripts
// hash-tag their keys ({fs:<id>}, {aud:<id>}, {live:<id>}); here, a DEL of several cache keys
// is sent key by key, and the cache is scanned node by node. Pub/sub stays classic PUBLISH: the
// cluster carries it to every node, so a subscriber on any node hears it.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from '@/server/logger';
import { recentOrdersKey, type KvServices } from './kv';

const RECENT_WINDOW_KEEP_MS = 5 * 60_000;

/** One Redis or a Redis Cluster: the commands the app uses are the same on both. */
export type RedisClient = Redis | Cluster;

/** Where Redis is: a URL (REDIS_URL) or the seed nodes of a cluster (REDIS_CLUSTER_NODES). */
export type RedisTarget = string | { cluster: { host: string; port: number }[] };

export const isCluster = (client: RedisClient): client is Cluster => (client as Cluster).isCluster === true;

/** "127.0.0.1:7001,127.0.0.1:7002" → seed nodes (env.ts has checked the form). */
export function parseClusterNodes(list: string): { host: string; port: number }[] {
  return list.split(',').map((node) => {
    const at = node.trim().lastIndexOf(':');
    return { host: node.trim().slice(0, at), port: Number(node.trim().slice(at + 1)) };
  });
}

// One retry per command: with Redis down, callers learn it in tens of milliseconds and take
// their fallback (the database) instead of queueing behind reconnect attempts.
export function createRedisClient(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, enableAutoPipelining: true, lazyConnect: false, ...options });
}

// The key prefix is the cluster's own option (not the nodes'): ioredis adds it to the keys of
// commands sent through the cluster, and the per-node connections used for SCAN stay raw.
export function createRedisClusterClient(nodes: { host: string; port: number }[], options: Omit<ClusterOptions, 'redisOptions'> & { redisOptions?: RedisOptions } = {}): Cluster {
  const { redisOptions, ...rest } = options;
  return new Cluster(nodes, {
    enableAutoPipelining: true,
    // Writes and reads go to the masters: the gate and the rate limits read what they just wrote.
    scaleReads: 'master',
    ...rest,
    redisOptions: { maxRetriesPerRequest: 1, ...redisOptions },
  });
}

export function createRedisConnection(target: RedisTarget, options: { keyPrefix?: string } = {}): RedisClient {
  return typeof target === 'string' ? createRedisClient(target, { keyPrefix: options.keyPrefix }) : createRedisClusterClient(target.cluster, { keyPrefix: options.keyPrefix });
}

export function createRedisKv(target: RedisTarget, options: { keyPrefix?: string; log?: Logger } = {}): KvServices & { redis: RedisClient } {
  const redis = createRedisConnection(target, { keyPrefix: options.keyPrefix });
  const prefix = options.keyPrefix ?? '';
  const log = options.log;
  let subscriber: RedisClient | undefined;
  const handlers = new Map<string, Set<(message: unknown) => void>>();

  // Without a listener an 'error' event would be thrown; the status tells callers what they need.
  let lastError = 0;
  const onError = (error: Error) => {
    if (Date.now() - lastError > 5000) log?.warn({ err: error }, 'Redis connection error; the database answers until it is back');
    lastError = Date.now();
  };
  redis.on('error', onError);

  // Cache entries whose invalidation failed while Redis was away may be stale when it returns:
  // the cache is only a cache, so drop all of it.
  let lost = false;
  redis.on('close', () => {
    lost = true;
  });
  // Before the first connection commands wait in ioredis' queue; after a loss they would wait
  // for reconnect attempts, so they are skipped until Redis is back.
  const ready = () => !lost && redis.status !== 'end';
  // An invalidation that failed leaves the cache stale until it is dropped.
  let stale = false;
  redis.on('ready', () => {
    if (!lost && !stale) return;
    lost = false;
    stale = false;
    void dropCache().catch((error: unknown) => log?.warn({ err: error }, 'dropping the cache after a Redis reconnect failed'));
  });
  async function dropCache() {
    // SCAN matches the full key; the client adds the prefix to the keys it is given, not to
    // patterns. A cluster's SCAN sees one node's keys: each master is scanned on its own.
    const nodes: Redis[] = isCluster(redis) ? redis.nodes('master') : [redis];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}cache:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await del(keys.map((k) => k.slice(prefix.length)));
      } while (cursor !== '0');
    }
  }
  // Cache keys are not hash-tagged (each may live on another node): one DEL per key on a
  // cluster, which auto-pipelining sends together per node.
  async function del(keys: string[]) {
    if (isCluster(redis)) await Promise.all(keys.map((k) => redis.del(k)));
    else await redis.del(...keys);
  }

  return {
    kind: 'redis',
    redis,
    cache: {
      async get<T>(key: string) {
        if (!ready()) return undefined;
        try {
          const raw = await redis.get(`cache:${key}`);
          return raw === null ? undefined : (JSON.parse(raw) as T);
        } catch {
          return undefined;
        }
      },
      async set(key, value, ttlSeconds) {
        if (!ready()) return;
        await redis.set(`cache:${key}`, JSON.stringify(value), 'EX', ttlSeconds).catch(() => undefined);
      },
      async del(...keys) {
        if (!keys.length) return;
        if (!ready()) {
          stale = true;
          return;
        }
        await del(keys.map((k) => `cache:${k}`)).catch(() => {
          stale = true;
        });
      },
    },
    pubsub: {
      async publish(channel, message) {
        if (!ready()) throw new Error('Redis is unavailable');
        await redis.publish(prefix + channel, JSON.stringify(message));
      },
      async subscribe(channel, handler) {
        if (!subscriber) {
          subscriber = isCluster(redis) ? redis.duplicate() : redis.duplicate();
          subscriber.on('error', onError);
          subscriber.on('message', (ch: string, raw: string) => {
            const set = handlers.get(ch.slice(prefix.length));
            if (!set) return;
            const message = JSON.parse(raw) as unknown;
            for (const h of set) h(message);
          });
        }
        let set = handlers.get(channel);
        if (!set) {
          set = new Set();
          handlers.set(channel, set);
          await subscriber.subscribe(prefix + channel);
        }
        set.add(handler);
        return async () => {
          set.delete(handler);
          if (set.size === 0) {
            handlers.delete(channel);
            await subscriber?.unsubscribe(prefix + channel);
          }
        };
      },
    },
    recentOrders: {
      async add(liveId, orders) {
        if (orders.length === 0) return;
        const key = recentOrdersKey(liveId);
        const latest = Math.max(...orders.map((o) => o.atMs));
        await redis
          .multi()
          .zadd(key, ...orders.flatMap((o) => [o.atMs, o.orderSn]))
          .zremrangebyscore(key, '-inf', latest - RECENT_WINDOW_KEEP_MS)
          .exec();
      },
      async count(liveId, sinceMs, untilMs) {
        return redis.zcount(recentOrdersKey(liveId), sinceMs, untilMs);
      },
      async remove(liveId, orderSns) {
        if (orderSns.length) await redis.zrem(recentOrdersKey(liveId), ...orderSns);
      },
    },
    async close() {
      // quit() waits for a reply that never comes while Redis is away.
      const end = (client: RedisClient) => (client.status === 'ready' ? client.quit() : Promise.resolve(client.disconnect()));
      await Promise.allSettled([end(redis), subscriber && end(subscriber)]);
    },
  };
}
