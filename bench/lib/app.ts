// The built app (dist/server.mjs) as a child process on a fresh database, plus what a storm
// needs from the outside: a container on the same database and Redis prefix (to set up sales
// through the tRPC caller and to check the outcome), viewers and their session cookies.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContainer, type Container } from '../../server/container';
import { parseEnv } from '../../server/env';
import { createLogger } from '../../server/logger';
import type { SessionUser } from '../../server/modules/auth/session';
import { sessionCookiesFor } from '../../server/modules/auth/session-cookies';
import { createContextInner } from '../../server/trpc/context';
import { createCaller } from '../../server/trpc/root';
import { REDIS_URL } from './env';
import { freePort } from './load';
import { spawnProgram, type Child } from './proc';

export interface App {
  child: Child;
  port: number;
  url: string;
  secret: string;
  prefix: string;
  redisUrl: string;
  /** Set when the app runs on a Redis Cluster (REDIS_CLUSTER_NODES) instead of redisUrl. */
  redisClusterNodes?: string;
  /** The environment it was started with (a worker beside it gets the same). */
  env: NodeJS.ProcessEnv;
}

export interface StartOptions {
  /** Another Redis than REDIS_URL (e.g. one the caller starts, stops and restarts). */
  redisUrl?: string;
  /** The app's stdout and stderr, instead of passing them through. */
  output?: (chunk: string) => void;
  /** A Redis Cluster (host:port,…) instead of one Redis; `sharing` passes it on. */
  redisClusterNodes?: string;
  /** More variables, over the bench's own (e.g. ORDER_FAST_REFUSALS, BACKGROUND_WORK). */
  env?: Record<string, string>;
}

/** `sharing`: a second instance of the same deployment (same database, Redis, prefix and session secret). */
export async function startApp(databaseUrl: string, sharing?: App, options: StartOptions = {}): Promise<App> {
  if (!existsSync('dist/server.mjs') || !existsSync('.next/BUILD_ID')) throw new Error('No production build: run "npm run build" first.');
  const port = await freePort();
  const secret = sharing?.secret ?? randomBytes(32).toString('hex');
  const prefix = sharing?.prefix ?? `lc:bench:app:${randomUUID().slice(0, 8)}:`;
  const redisUrl = options.redisUrl ?? sharing?.redisUrl ?? REDIS_URL;
  const redisClusterNodes = options.redisClusterNodes ?? sharing?.redisClusterNodes;
  // BENCH_APP_NODE_ARGS: extra node flags for the app only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisClusterNodes ? '' : redisUrl,
    REDIS_CLUSTER_NODES: redisClusterNodes ?? '',
    SESSION_SECRET: secret,
    MIGRATE_ON_START: 'always',
    SEED_ON_START: 'always',
    ORDER_RATE_USER_PER_10S: '1000000',
    ORDER_RATE_IP_PER_10S: '10000000', // the maximum server/env.ts accepts,
    LOG_LEVEL: 'warn',
    REDIS_KEY_PREFIX: prefix,
    NEXT_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  const child = spawnProgram(process.execPath, [...nodeArgs, 'dist/server.mjs'], env, options.output);
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.proc.exitCode !== null) throw new Error(`the app exited with code ${child.proc.exitCode} while starting`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      await child.stop();
      throw new Error('the app did not become healthy within 120 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, port, url, secret, prefix, redisUrl, redisClusterNodes, env };
}

/**
 * `npm run worker` (dist/worker.mjs) beside an app started with BACKGROUND_WORK=worker, with
 * the app's environment. Ready when it logs so (it has no port to ask); warnings and errors are
 * passed through.
 */
export async function startWorker(app: App): Promise<Child> {
  if (!existsSync('dist/worker.mjs')) throw new Error('No worker build: run "npm run build" first.');
  let ready = false;
  let pending = '';
  const child = spawnProgram(process.execPath, ['dist/worker.mjs'], { ...app.env, LOG_LEVEL: 'info' }, (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('Livecart worker ready')) ready = true;
      else if (/"level":(4|5|6)\d/.test(line) || !line.startsWith('{')) process.stderr.write(`worker: ${line}\n`);
    }
  });
  const until = Date.now() + 60_000;
  while (!ready) {
    if (child.proc.exitCode !== null) throw new Error(`the worker exited with code ${child.proc.exitCode} while starting`);
    if (Date.now() > until) {
      await child.stop();
      throw new Error('the worker did not say it was ready within 60 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

/** A container on the app's database and Redis prefix: what it writes, the app sees. */
export function appContainer(app: App, databaseUrl: string): Promise<Container> {
  const redis = app.redisClusterNodes ? { REDIS_CLUSTER_NODES: app.redisClusterNodes } : { REDIS_URL: app.redisUrl };
  const env = parseEnv({ NODE_ENV: 'production', DATABASE_URL: databaseUrl, ...redis, SESSION_SECRET: app.secret, LOG_LEVEL: 'silent', REDIS_KEY_PREFIX: app.prefix });
  return createContainer(env, createLogger('silent'), { migrate: false, redisKeyPrefix: app.prefix });
}

const callerFor = (container: Container, user: SessionUser) => createCaller(createContextInner({ container, user }));

export interface FlashSetup {
  liveId: number;
  skuId: number;
  flashSaleId: number;
  flashSkuId: number;
}

/** A fresh goods in a fresh LIVE room of host1 with a flash sale running now (as server/testing/flash.ts). */
export async function setupFlashSale(container: Container, options: { stock: number; limit: number }): Promise<FlashSetup> {
  const row = await container.db.user.findUniqueOrThrow({ where: { username: 'host1' }, select: { id: true, role: true, displayName: true, shopId: true } });
  const host = callerFor(container, { id: row.id, role: row.role, name: row.displayName, shopId: row.shopId });
  const tag = randomUUID().slice(0, 8);
  const goods = await host.catalog.create({
    title: `压测秒杀商品 ${tag}`,
    subtitle: '',
    description: '',
    categoryId: (await container.db.category.findFirstOrThrow({ select: { id: true } })).id,
    images: ['/goods/tee.svg'],
    specDefs: [],
    skus: [{ skuCode: `BENCH-${tag}`, specs: {}, price: 9900, stock: options.stock + 50 }],
  });
  const room = await host.live.create({ title: `压测直播间 ${tag}` });
  await host.live.start({ liveId: room.id });
  const desk = await host.live.addGoods({ liveId: room.id, spuIds: [goods.id] });
  const roomGoodsId = desk.goods.find((g) => g.spuId === goods.id)!.roomGoodsId;
  const sale = await host.flashSale.create({
    liveId: room.id,
    roomGoodsId,
    window: { kind: 'now', durationMinutes: 30 },
    payWindowSeconds: 1800,
    skus: [{ skuId: goods.skus[0]!.id, flashPrice: 1990, flashStock: options.stock, perUserLimit: options.limit }],
  });
  return { liveId: room.id, skuId: goods.skus[0]!.id, flashSaleId: sale.id, flashSkuId: sale.skus[0]!.flashSkuId };
}

/** Viewers straight in the database, each with a session and its cookie, in ascending id. */
export async function viewerSessions(container: Container, count: number, secret: string): Promise<{ userId: number; cookie: string }[]> {
  const prefix = `bench_${randomUUID().slice(0, 8)}_`;
  await container.db.user.createMany({
    data: Array.from({ length: count }, (_, i) => ({ username: `${prefix}${i}`, displayName: `压测观众${i}`, role: 'VIEWER' as const, passwordHash: '!' })),
  });
  const rows = await container.db.user.findMany({ where: { username: { startsWith: prefix } }, select: { id: true }, orderBy: { id: 'asc' } });
  // A real server-side session each, sealed with the app's secret (the cookie holds its token).
  const cookies = await sessionCookiesFor(container, rows.map((r) => r.id), secret);
  return rows.map((r, i) => ({ userId: r.id, cookie: cookies[i]! }));
}

/** Viewers straight in the database, and a file with one sealed session cookie each. */
export async function viewerCookies(container: Container, count: number, secret: string): Promise<string> {
  const sessions = await viewerSessions(container, count, secret);
  const file = path.join(os.tmpdir(), `livecart-bench-cookies-${process.pid}-${randomUUID().slice(0, 8)}.json`);
  writeFileSync(file, JSON.stringify(sessions.map((s) => s.cookie)));
  return file;
}

/** Deletes every Redis key under a run's prefix (bounded: at most 1,000 SCAN steps). */
export async function dropRedisPrefix(prefix: string): Promise<number> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  let deleted = 0;
  try {
    for (let step = 0; step < 1000; step += 1) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) deleted += await redis.unlink(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    await redis.quit();
  }
  return deleted;
}
