// The flash-sale stock gate (DESIGN.md §4 step 2): a cache of the database's truth in front of
// it, so that refusals (sold out, limit reached) never reach the database. Redis implements it
// when REDIS_URL is set (gate-redis.ts, Lua), this process otherwise (gate-memory.ts).
//
// Generations. The gate may vanish at any time (restart, eviction, failover) and is rebuilt
// from the database. Each rebuild takes a new generation, counted in flash_sku.gate_gen under
// the row's lock, and every reservation and every later move of the gate carries the
// generation it belongs to. A move for another generation is skipped: a give-back from before
// a rebuild cannot inflate the rebuilt gate, and an order committed after the rebuild read the
// database is added to the new generation by its committer (inventory.service.ts).

export type GateRejection = 'SOLD_OUT' | 'LIMIT_REACHED' | 'NOT_LOADED' | 'IDEMPOTENCY_CONFLICT';

export type GateResult =
  /** gen: the generation the reservation belongs to (for a duplicate, the one it was first made in). */
  | { ok: true; duplicate: boolean; remaining: number; gen: number }
  | { ok: false; reason: GateRejection; remaining: number; gen: number };

export interface ReserveRequest {
  flashSkuId: number;
  userId: number;
  quantity: number;
  perUserLimit: number;
  idempotencyKey: string;
  /** Hash of the request body: the same key with another body is a conflict. */
  requestHash: string;
}

/** A change of the gate within one generation: stock and (optionally) one user's hold. */
export interface GateMove {
  stock: number;
  userId?: number;
  hold?: number;
  /** Forget this idempotency key (a reservation given back, so a retry can succeed). */
  forgetKey?: string;
}

export interface StockGate {
  kind: 'redis' | 'memory';
  /** False while the gate's store is unreachable: callers go to the database directly. */
  available(): boolean;
  /** Runs the handler each time the store comes back after it was lost. */
  onReconnect(handler: () => void): void;
  reserve(request: ReserveRequest): Promise<GateResult>;
  /** Applies a move if the gate is at generation `gen`; returns the remaining stock, or undefined when skipped. */
  move(flashSkuId: number, gen: number, change: GateMove): Promise<number | undefined>;
  /** Loads generation `gen` (remaining, per-user holds) unless the gate is already at `gen` or later. */
  load(flashSkuId: number, gen: number, remaining: number, perUser: Record<number, number>): Promise<boolean>;
  remaining(flashSkuId: number): Promise<number | undefined>;
  generation(flashSkuId: number): Promise<number | undefined>;
  holds(flashSkuId: number): Promise<Record<number, number>>;
  /** The idempotency keys of the reservations the gate holds (once sold out: every buyer's). */
  reservedKeys(flashSkuId: number): Promise<Set<string>>;
  drop(flashSkuId: number): Promise<void>;
  /** Takes the rebuild lease of a SKU for ttlMs (single flight across instances). */
  lease(flashSkuId: number, ttlMs: number): Promise<boolean>;
  unlease(flashSkuId: number): Promise<void>;
}

/** Redis Cluster puts keys with the same {hash tag} in one slot, so one script may touch them all. */
export const gateKeys = (flashSkuId: number) => ({
  stock: `{fs:${flashSkuId}}:stock`,
  users: `{fs:${flashSkuId}}:users`,
  idem: `{fs:${flashSkuId}}:idem`,
  gen: `{fs:${flashSkuId}}:gen`,
  lease: `{fs:${flashSkuId}}:rebuild`,
});
