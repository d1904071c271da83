// The small key-value interfaces the domains use. Redis implements them when REDIS_URL is set;
// otherwise the in-process versions in memory-kv.ts do (one process only). The stock gate is
// inventory's (server/modules/inventory/gate.ts). A cache that cannot be reached is a miss,
// never an error: the database answers instead.

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

export interface KvServices {
  kind: 'redis' | 'memory';
  cache: Cache;
  pubsub: PubSub;
  recentOrders: RecentOrders;
  close(): Promise<void>;
}

export const recentOrdersKey = (liveId: number) => `live:${liveId}:orders`;
