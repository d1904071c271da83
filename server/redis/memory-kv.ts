// KvServices in this process, for the embedded default. Same semantics as redis-kv.ts, but
// state lives in one process: do not run two app instances without Redis.
import { EventEmitter } from 'node:events';
import type { KvServices } from './kv';

export function createMemoryKv(now: () => number = Date.now): KvServices {
  const cache = new Map<string, { value: string; expiresAt: number }>();
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  const recent = new Map<number, Map<string, number>>();

  return {
    kind: 'memory',
    cache: {
      async get<T>(key: string) {
        const hit = cache.get(key);
        if (!hit) return undefined;
        if (hit.expiresAt <= now()) {
          cache.delete(key);
          return undefined;
        }
        // Stored as JSON so callers get a copy, exactly as from Redis.
        return JSON.parse(hit.value) as T;
      },
      async set(key, value, ttlSeconds) {
        cache.set(key, { value: JSON.stringify(value), expiresAt: now() + ttlSeconds * 1000 });
      },
      async del(...keys) {
        for (const k of keys) cache.delete(k);
      },
    },
    pubsub: {
      async publish(channel, message) {
        const copy = JSON.parse(JSON.stringify(message)) as unknown;
        queueMicrotask(() => bus.emit(channel, copy));
      },
      async subscribe(channel, handler) {
        bus.on(channel, handler);
        return async () => {
          bus.off(channel, handler);
        };
      },
    },
    recentOrders: {
      async add(liveId, orders) {
        if (orders.length === 0) return;
        let room = recent.get(liveId);
        if (!room) recent.set(liveId, (room = new Map()));
        for (const o of orders) room.set(o.orderSn, o.atMs);
        const latest = Math.max(...orders.map((o) => o.atMs));
        for (const [sn, at] of room) if (at < latest - 5 * 60_000) room.delete(sn);
      },
      async count(liveId, sinceMs, untilMs) {
        let n = 0;
        for (const at of recent.get(liveId)?.values() ?? []) if (at >= sinceMs && at <= untilMs) n += 1;
        return n;
      },
      async remove(liveId, orderSns) {
        const room = recent.get(liveId);
        for (const sn of orderSns) room?.delete(sn);
      },
    },
    async close() {
      bus.removeAllListeners();
    },
  };
}
