// KvServices in this process, for the embedded default. Same semantics as redis-kv.ts, but
// state lives in one process: do not run two app instances without Redis.
import { EventEmitter } from 'node:events';
import type { GateResult, KvServices } from './kv';

interface GateEntry {
  stock: number;
  users: Map<number, number>;
  idem: Map<string, string>;
}

export function createMemoryKv(now: () => number = Date.now): KvServices {
  const cache = new Map<string, { value: string; expiresAt: number }>();
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  const recent = new Map<number, Map<string, number>>();
  const gates = new Map<number, GateEntry>();

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
    gate: {
      async load(flashSkuId, remaining, perUser) {
        const previous = gates.get(flashSkuId);
        const users = new Map(Object.entries(perUser).filter(([, q]) => q > 0).map(([u, q]) => [Number(u), q] as const));
        gates.set(flashSkuId, { stock: remaining, users, idem: previous?.idem ?? new Map() });
      },
      // Runs without awaiting anything between its checks and writes, so it is atomic in this process.
      async reserve(request): Promise<GateResult> {
        const entry = gates.get(request.flashSkuId);
        if (!entry) return { ok: false, reason: 'NOT_LOADED', remaining: 0 };
        const previous = entry.idem.get(request.idempotencyKey);
        if (previous !== undefined) {
          return previous === request.requestHash
            ? { ok: true, duplicate: true, remaining: entry.stock }
            : { ok: false, reason: 'IDEMPOTENCY_CONFLICT', remaining: entry.stock };
        }
        const held = entry.users.get(request.userId) ?? 0;
        if (held + request.quantity > request.perUserLimit) return { ok: false, reason: 'LIMIT_REACHED', remaining: entry.stock };
        if (entry.stock < request.quantity) return { ok: false, reason: 'SOLD_OUT', remaining: entry.stock };
        entry.stock -= request.quantity;
        entry.users.set(request.userId, held + request.quantity);
        entry.idem.set(request.idempotencyKey, request.requestHash);
        return { ok: true, duplicate: false, remaining: entry.stock };
      },
      async release(flashSkuId, userId, quantity, idempotencyKey) {
        const entry = gates.get(flashSkuId);
        if (!entry) return;
        entry.stock += quantity;
        const held = (entry.users.get(userId) ?? 0) - quantity;
        if (held > 0) entry.users.set(userId, held);
        else entry.users.delete(userId);
        if (idempotencyKey) entry.idem.delete(idempotencyKey);
      },
      async adjust(flashSkuId, delta) {
        const entry = gates.get(flashSkuId);
        if (!entry) return false;
        entry.stock += delta;
        return true;
      },
      async holds(flashSkuId) {
        return Object.fromEntries(gates.get(flashSkuId)?.users ?? []);
      },
      async remaining(flashSkuId) {
        return gates.get(flashSkuId)?.stock;
      },
      async drop(flashSkuId) {
        gates.delete(flashSkuId);
      },
    },
    async close() {
      bus.removeAllListeners();
    },
  };
}
