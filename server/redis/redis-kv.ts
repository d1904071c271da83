// KvServices on Redis (ioredis). One command connection, plus one subscriber connection
// created on the first subscribe (a subscribed connection can do nothing else).
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '@/server/logger';
import { recentOrdersKey, type KvServices } from './kv';

const RECENT_WINDOW_KEEP_MS = 5 * 60_000;

// One retry per command: with Redis down, callers learn it in tens of milliseconds and take
// their fallback (the database) instead of queueing behind reconnect attempts.
export function createRedisClient(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, enableAutoPipelining: true, lazyConnect: false, ...options });
}

export function createRedisKv(url: string, options: { keyPrefix?: string; log?: Logger } = {}): KvServices & { redis: Redis } {
  const redis = createRedisClient(url, { keyPrefix: options.keyPrefix });
  const prefix = options.keyPrefix ?? '';
  const log = options.log;
  let subscriber: Redis | undefined;
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
    // SCAN matches the full key; the client adds the prefix to the keys it is given, not to patterns.
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}cache:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys.map((k) => k.slice(prefix.length)));
    } while (cursor !== '0');
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
        await redis.del(...keys.map((k) => `cache:${k}`)).catch(() => {
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
          subscriber = redis.duplicate();
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
      const end = (client: Redis) => (client.status === 'ready' ? client.quit() : Promise.resolve(client.disconnect()));
      await Promise.allSettled([end(redis), subscriber && end(subscriber)]);
    },
  };
}
