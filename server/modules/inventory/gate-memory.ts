// The stock gate in this process, for the embedded default: the same semantics as the Lua
// scripts of gate-redis.ts. Each method runs without awaiting between its checks and writes,
// so it is atomic in this process. One process only.
import type { GateResult, StockGate } from './gate';

interface Entry {
  stock: number;
  gen: number;
  users: Map<number, number>;
  /** Idempotency key → the request's hash and the generation it was reserved in. */
  idem: Map<string, { hash: string; gen: number }>;
}

export function createMemoryGate(): StockGate {
  const gates = new Map<number, Entry>();
  const leases = new Map<number, number>();
  return {
    kind: 'memory',
    available: () => true,
    onReconnect() {},
    async reserve(request): Promise<GateResult> {
      const entry = gates.get(request.flashSkuId);
      if (!entry) return { ok: false, reason: 'NOT_LOADED', remaining: 0, gen: 0 };
      const { stock, gen } = entry;
      const previous = entry.idem.get(request.idempotencyKey);
      if (previous !== undefined) {
        return previous.hash === request.requestHash
          ? { ok: true, duplicate: true, remaining: stock, gen: previous.gen }
          : { ok: false, reason: 'IDEMPOTENCY_CONFLICT', remaining: stock, gen };
      }
      const held = entry.users.get(request.userId) ?? 0;
      if (held + request.quantity > request.perUserLimit) return { ok: false, reason: 'LIMIT_REACHED', remaining: stock, gen };
      if (stock < request.quantity) return { ok: false, reason: 'SOLD_OUT', remaining: stock, gen };
      entry.stock -= request.quantity;
      entry.users.set(request.userId, held + request.quantity);
      entry.idem.set(request.idempotencyKey, { hash: request.requestHash, gen });
      return { ok: true, duplicate: false, remaining: entry.stock, gen };
    },
    async move(flashSkuId, gen, change) {
      const entry = gates.get(flashSkuId);
      if (!entry || entry.gen !== gen) return undefined;
      entry.stock += change.stock;
      if (change.userId !== undefined) {
        const held = (entry.users.get(change.userId) ?? 0) + (change.hold ?? 0);
        if (held > 0) entry.users.set(change.userId, held);
        else entry.users.delete(change.userId);
      }
      if (change.forgetKey) entry.idem.delete(change.forgetKey);
      return entry.stock;
    },
    async load(flashSkuId, gen, remaining, perUser) {
      const previous = gates.get(flashSkuId);
      if (previous && previous.gen >= gen) return false;
      const users = new Map(Object.entries(perUser).filter(([, q]) => q > 0).map(([u, q]) => [Number(u), q] as const));
      gates.set(flashSkuId, { stock: remaining, gen, users, idem: previous?.idem ?? new Map() });
      return true;
    },
    async remaining(flashSkuId) {
      return gates.get(flashSkuId)?.stock;
    },
    async generation(flashSkuId) {
      return gates.get(flashSkuId)?.gen;
    },
    async holds(flashSkuId) {
      return Object.fromEntries(gates.get(flashSkuId)?.users ?? []);
    },
    async reservedKeys(flashSkuId) {
      return new Set(gates.get(flashSkuId)?.idem.keys() ?? []);
    },
    async drop(flashSkuId) {
      gates.delete(flashSkuId);
    },
    async lease(flashSkuId, ttlMs) {
      const now = Date.now();
      if ((leases.get(flashSkuId) ?? 0) > now) return false;
      leases.set(flashSkuId, now + ttlMs);
      return true;
    },
    async unlease(flashSkuId) {
      leases.delete(flashSkuId);
    },
  };
}
