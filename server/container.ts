// Everything a process needs, created once: config, logger, database, key-value services and
// the realtime emitter. Next's route handlers and server components are bundled separately
// from server/index.ts, so the one instance is shared through globalThis (container-ref.ts).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from './env';
import { openDatabase, type DatabaseHandle } from './db/adapter';
import { createPrisma, type Db } from './db/client';
import { migrateToLatest } from './db/migrate';
import { databaseTarget } from './db/target';
import type { Logger } from './logger';
import type { KvServices } from './redis/kv';
import { createMemoryKv } from './redis/memory-kv';
import { createRedisKv, parseClusterNodes, type RedisClient } from './redis/redis-kv';
import type { StockGate } from './modules/inventory/gate';
import { createMemoryGate } from './modules/inventory/gate-memory';
import { createRedisGate } from './modules/inventory/gate-redis';
import { Inventory } from './modules/inventory/inventory.service';
import { Realtime } from './realtime/emitter';
import { RoomStock } from './modules/live/room-view';
import { Interaction } from './modules/interaction/runtime';
import { Timers } from './timers';
import { createMetrics, type Metrics } from './metrics';
import { clientIpResolver, type ClientIp } from './edges/client-ip';

export interface Container {
  env: Env;
  log: Logger;
  db: Db;
  database: DatabaseHandle;
  kv: KvServices;
  /** The flash-sale stock gate (inventory's): on Redis when set, in this process otherwise. */
  gate: StockGate;
  /** Every stock rule and write (server/modules/inventory/). */
  inventory: Inventory;
  /** The raw ioredis client when REDIS_URL (a Redis) or REDIS_CLUSTER_NODES (a Cluster) is set. */
  redis?: RedisClient;
  /** Every push to sockets: publish(event, payload); routes.ts says who gets it and how often. */
  realtime: Realtime;
  /** The cart's preheated list after orders: rebuilt ≤ 1/s per room, stock figures pushed. */
  roomStock: RoomStock;
  /** Comments, likes and arrivals of live rooms (server/modules/interaction/). */
  interaction: Interaction;
  /** Sale start/end and order deadlines of this process. */
  timers: Timers;
  metrics: Metrics;
  sessionPassword: string;
  /** The client's address of a request, through the proxies TRUSTED_PROXIES names. */
  clientIp: ClientIp;
  close(): Promise<void>;
}

export interface ContainerOptions {
  /** Apply pending migrations before returning (always for the embedded default). */
  migrate?: boolean;
  /** Redis key prefix (default REDIS_KEY_PREFIX), so test runs do not see each other's keys. */
  redisKeyPrefix?: string;
}

// The embedded default keeps a generated secret under .data/ so sessions survive restarts.
function resolveSessionPassword(env: Env): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const file = path.join(env.DATA_DIR, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(env.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export async function createContainer(env: Env, log: Logger, options: ContainerOptions = {}): Promise<Container> {
  const target = databaseTarget(env);
  const database = await openDatabase(target);
  const migrate =
    options.migrate ?? (env.MIGRATE_ON_START === 'always' || (env.MIGRATE_ON_START === 'auto' && target.kind === 'pglite'));
  if (migrate) {
    const applied = await migrateToLatest(database);
    if (applied.length) log.info({ applied }, `applied ${applied.length} migration(s)`);
  }
  const db = createPrisma(database);
  let kv: KvServices;
  let gate: StockGate;
  let redis: RedisClient | undefined;
  const redisTarget = env.REDIS_CLUSTER_NODES ? { cluster: parseClusterNodes(env.REDIS_CLUSTER_NODES) } : env.REDIS_URL;
  if (redisTarget) {
    const redisKv = createRedisKv(redisTarget, { keyPrefix: options.redisKeyPrefix ?? env.REDIS_KEY_PREFIX, log });
    redis = redisKv.redis;
    kv = redisKv;
    gate = createRedisGate(redis);
  } else {
    kv = createMemoryKv();
    gate = createMemoryGate();
  }
  // Coalesced pushes are shared over pub/sub, so each instance sends its sockets one per interval.
  const realtime = new Realtime(kv.pubsub);
  void realtime.listen().catch((error: unknown) => log.warn({ err: error }, 'realtime: not hearing other instances; coalesced pushes go through the socket adapter'));
  const timers = new Timers();
  const metrics = createMetrics(db);
  const roomStock = new RoomStock({ db, kv, realtime, log });
  const interaction = new Interaction({ db, kv, redis, realtime, log });
  return {
    env,
    log,
    db,
    database,
    kv,
    gate,
    inventory: new Inventory({ db, gate, log, metrics, pubsub: kv.pubsub, fastRefusals: env.ORDER_FAST_REFUSALS === 'on' }),
    redis,
    realtime,
    roomStock,
    interaction,
    timers,
    metrics,
    sessionPassword: resolveSessionPassword(env),
    clientIp: clientIpResolver(env.TRUSTED_PROXIES),
    async close() {
      timers.close();
      await realtime.close();
      roomStock.close();
      await interaction.close();
      await kv.close();
      await db.$disconnect();
      await database.close();
    },
  };
}
