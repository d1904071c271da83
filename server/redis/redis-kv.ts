// KvServices on Redis (ioredis). One command connection, plus one subscriber connection
// created on the first subscribe (a subscribed connection can do nothing else).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { gateKeys, recentOrdersKey, type GateResult, type KvServices, type ReserveRequest } from './kv';

type GateReply = [number, number];

interface GateCommands {
  stockReserve(stock: string, users: string, idem: string, userId: number, qty: number, limit: number, key: string, hash: string): Promise<GateReply>;
  stockRelease(stock: string, users: string, idem: string, userId: number, qty: number, key: string): Promise<number>;
  stockAdjust(stock: string, delta: number): Promise<number>;
}

const lua = (name: string) => readFileSync(path.resolve('server/redis', name), 'utf8');

const RECENT_WINDOW_KEEP_MS = 5 * 60_000;

export function createRedisClient(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: false, ...options });
}

export function createRedisKv(url: string, options: { keyPrefix?: string } = {}): KvServices & { redis: Redis } {
  const redis = createRedisClient(url, { keyPrefix: options.keyPrefix });
  // defineCommand runs EVALSHA and falls back to EVAL when the script cache is gone (after a restart).
  redis.defineCommand('stockReserve', { numberOfKeys: 3, lua: lua('stock-gate.lua') });
  redis.defineCommand('stockRelease', { numberOfKeys: 3, lua: lua('stock-release.lua') });
  // Only moves a loaded key: a missing one stays missing so the next order loads it from the database.
  redis.defineCommand('stockAdjust', {
    numberOfKeys: 1,
    lua: "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end redis.call('INCRBY', KEYS[1], ARGV[1]) return 1",
  });
  const gate = redis as unknown as GateCommands;
  let subscriber: Redis | undefined;
  const handlers = new Map<string, Set<(message: unknown) => void>>();
  const prefix = options.keyPrefix ?? '';

  const codes: Record<number, Exclude<GateResult, { ok: true }>['reason']> = {
    [-1]: 'SOLD_OUT',
    [-2]: 'LIMIT_REACHED',
    [-3]: 'IDEMPOTENCY_CONFLICT',
    [-4]: 'NOT_LOADED',
  };

  return {
    kind: 'redis',
    redis,
    cache: {
      async get<T>(key: string) {
        const raw = await redis.get(`cache:${key}`);
        return raw === null ? undefined : (JSON.parse(raw) as T);
      },
      async set(key, value, ttlSeconds) {
        await redis.set(`cache:${key}`, JSON.stringify(value), 'EX', ttlSeconds);
      },
      async del(...keys) {
        if (keys.length) await redis.del(...keys.map((k) => `cache:${k}`));
      },
    },
    pubsub: {
      async publish(channel, message) {
        await redis.publish(prefix + channel, JSON.stringify(message));
      },
      async subscribe(channel, handler) {
        if (!subscriber) {
          subscriber = redis.duplicate();
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
    gate: {
      async load(flashSkuId, remaining, perUser) {
        const keys = gateKeys(flashSkuId);
        const tx = redis.multi().set(keys.stock, remaining).del(keys.users);
        const entries = Object.entries(perUser).filter(([, qty]) => qty > 0);
        if (entries.length) tx.hset(keys.users, Object.fromEntries(entries));
        await tx.exec();
      },
      async reserve(request: ReserveRequest): Promise<GateResult> {
        const keys = gateKeys(request.flashSkuId);
        const [code, remaining] = await gate.stockReserve(
          keys.stock, keys.users, keys.idem,
          request.userId, request.quantity, request.perUserLimit, request.idempotencyKey, request.requestHash,
        );
        if (code === 1) return { ok: true, duplicate: false, remaining };
        if (code === 2) return { ok: true, duplicate: true, remaining };
        return { ok: false, reason: codes[code] ?? 'NOT_LOADED', remaining };
      },
      async release(flashSkuId, userId, quantity, idempotencyKey = '') {
        const keys = gateKeys(flashSkuId);
        await gate.stockRelease(keys.stock, keys.users, keys.idem, userId, quantity, idempotencyKey);
      },
      async adjust(flashSkuId, delta) {
        return (await gate.stockAdjust(gateKeys(flashSkuId).stock, delta)) === 1;
      },
      async holds(flashSkuId) {
        const raw = await redis.hgetall(gateKeys(flashSkuId).users);
        return Object.fromEntries(Object.entries(raw).map(([u, q]) => [Number(u), Number(q)]));
      },
      async remaining(flashSkuId) {
        const raw = await redis.get(gateKeys(flashSkuId).stock);
        return raw === null ? undefined : Number(raw);
      },
      async drop(flashSkuId) {
        const keys = gateKeys(flashSkuId);
        await redis.del(keys.stock, keys.users, keys.idem);
      },
    },
    async close() {
      await Promise.allSettled([redis.quit(), subscriber?.quit()]);
    },
  };
}
