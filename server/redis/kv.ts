// The small key-value interfaces the domains use. Redis implements them when REDIS_URL is set;
// otherwise the in-process versions in memory-kv.ts do (one process only).

export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
}

export interface PubSub {
  publish(channel: string, message: unknown): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void>>;
}

/** live:{id}:orders — the orders of the last seconds of a room, by time (the seed's sorted set). */
export interface RecentOrders {
  /** Orders of one room, in one write however many (the relay adds a step's worth at once). */
  add(liveId: number, orders: { orderSn: string; atMs: number }[]): Promise<void>;
  /** Orders with atMs in [sinceMs, untilMs]; drops entries older than the window as it goes. */
  count(liveId: number, sinceMs: number, untilMs: number): Promise<number>;
  /** Orders that no longer stand (cancelled, expired) leave the window. */
  remove(liveId: number, orderSns: string[]): Promise<void>;
}

export type GateRejection = 'SOLD_OUT' | 'LIMIT_REACHED' | 'NOT_LOADED' | 'IDEMPOTENCY_CONFLICT';

export type GateResult =
  | { ok: true; duplicate: false; remaining: number }
  | { ok: true; duplicate: true; remaining: number }
  | { ok: false; reason: GateRejection; remaining: number };

export interface ReserveRequest {
  flashSkuId: number;
  userId: number;
  quantity: number;
  perUserLimit: number;
  idempotencyKey: string;
  /** Hash of the request body: the same key with another body is a conflict. */
  requestHash: string;
}

/**
 * The flash-sale stock gate: one atomic step per SKU checks idempotency, the per-user limit
 * and stock before it decrements anything. The database stays the truth (DESIGN.md §4).
 */
export interface StockGate {
  /** Loads (or repairs) a SKU: remaining stock and what each user already holds. */
  load(flashSkuId: number, remaining: number, perUser: Record<number, number>): Promise<void>;
  reserve(request: ReserveRequest): Promise<GateResult>;
  /** Gives a reservation back (failed transaction, cancelled or expired order). */
  release(flashSkuId: number, userId: number, quantity: number, idempotencyKey?: string): Promise<void>;
  /** Moves remaining stock by delta (the host raised or lowered flash stock); false when not loaded. */
  adjust(flashSkuId: number, delta: number): Promise<boolean>;
  remaining(flashSkuId: number): Promise<number | undefined>;
  /** What each user holds, as the gate sees it (reconciliation). */
  holds(flashSkuId: number): Promise<Record<number, number>>;
  drop(flashSkuId: number): Promise<void>;
}

export interface KvServices {
  kind: 'redis' | 'memory';
  cache: Cache;
  pubsub: PubSub;
  recentOrders: RecentOrders;
  gate: StockGate;
  close(): Promise<void>;
}

/** Redis Cluster puts keys with the same {hash tag} in one slot, so one script may touch them all. */
export const gateKeys = (flashSkuId: number) => ({
  stock: `{fs:${flashSkuId}}:stock`,
  users: `{fs:${flashSkuId}}:users`,
  idem: `{fs:${flashSkuId}}:idem`,
});

export const recentOrdersKey = (liveId: number) => `live:${liveId}:orders`;
