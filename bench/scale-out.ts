// X — scale-out: two instances of the built app on two ports, sharing one PostgreSQL database
// and one Redis (DESIGN.md §6). First an order placed through instance A must reach a socket
// connected to instance B; then the same closed-loop storm runs against one instance and
// against both (connections split between them), each ending with the correctness check.
// On this 2-core machine a second instance adds no cores, so the figures show its overhead.
import { unlinkSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { CannonResult } from './load/cannon';
import { orderBody } from './load/order-body';
import { appContainer, dropRedisPrefix, setupFlashSale, startApp, viewerCookies, type App, type FlashSetup } from './lib/app';
import { freshDatabase } from './lib/env';
import { runCannon } from './lib/load';
import type { CpuShares } from './lib/proc';
import { checkStorm, type StormCheck } from './storm';

const ORDER_PATH = '/api/trpc/orders.create';
const LIMIT = 99;

export interface ScaleOutOptions {
  viewers: number;
  connections: number;
  seconds: number;
  stock: number;
}

export interface ScaleOutRun {
  instances: number;
  attempts: number;
  seconds: number;
  acceptedPerSecond: number;
  /** Per instance. */
  latency: { p50: number; p99: number }[];
  errors: number;
  cpu: CpuShares;
  check: StormCheck;
}

export interface ScaleOutResult {
  push: { ok: boolean; ms: number; error?: string };
  runs: ScaleOutRun[];
}

export async function measureScaleOut(options: ScaleOutOptions): Promise<ScaleOutResult> {
  const db = await freshDatabase('x');
  const apps: App[] = [];
  try {
    const a = await startApp(db.url);
    apps.push(a);
    const b = await startApp(db.url, a);
    apps.push(b);
    const container = await appContainer(a, db.url);
    const cookiesFile = await viewerCookies(container, options.viewers, a.secret);
    try {
      const push = await crossInstancePush(a, b, await setupFlashSale(container, { stock: 10, limit: 1 }), cookiesFile);
      const cpuGroups = { 'app A': () => [a.child.pid], 'app B': () => [b.child.pid] };

      // Warm-up on both (JIT, pools, caches); its rate sizes the measured runs.
      const warm = await setupFlashSale(container, { stock: 200_000, limit: LIMIT });
      const warmRuns = await Promise.all([a, b].map((app) => runCannon({ url: app.url, path: ORDER_PATH, connections: options.connections / 2, durationSec: 2, storm: { cookiesFile, ...warm } }, cpuGroups)));
      const rate = warmRuns.reduce((s, r) => s + r.result.perSecond, 0);
      const amount = Math.max(options.connections * 2, Math.min(options.stock, Math.round(rate * options.seconds)));

      const runs: ScaleOutRun[] = [];
      for (const targets of [[a], [a, b]]) {
        const sale = await setupFlashSale(container, { stock: options.stock, limit: LIMIT });
        const share = Math.floor(amount / targets.length);
        const started = performance.now();
        const results = await Promise.all(
          targets.map((app) => runCannon({ url: app.url, path: ORDER_PATH, connections: options.connections / targets.length, durationSec: options.seconds, amount: share, storm: { cookiesFile, ...sale } }, cpuGroups)),
        );
        const seconds = (performance.now() - started) / 1000;
        runs.push(summarise(targets.length, results.map((r) => r.result), results[0]!.cpu, seconds, await checkStorm(container, sale, LIMIT, results.flatMap((r) => r.result.accepted))));
      }
      return { push, runs };
    } finally {
      unlinkSync(cookiesFile);
      await container.close();
    }
  } finally {
    for (const app of apps.reverse()) await app.child.stop();
    if (apps[0]) await dropRedisPrefix(apps[0].prefix).catch((error: unknown) => console.error('X: Redis cleanup failed', error));
    await db.drop();
  }
}

function summarise(instances: number, results: CannonResult[], cpu: CpuShares, seconds: number, check: StormCheck): ScaleOutRun {
  const attempts = results.reduce((s, r) => s + r.total, 0);
  const accepted = results.reduce((s, r) => s + r.accepted.length, 0);
  return {
    instances,
    attempts,
    seconds,
    acceptedPerSecond: accepted / seconds,
    latency: results.map((r) => ({ p50: r.p50, p99: r.p99 })),
    errors: results.reduce((s, r) => s + r.errors + r.timeouts, 0),
    cpu,
    check,
  };
}

/** A viewer socket on B sees the stock change of an order placed through A (socket.io Redis adapter). */
async function crossInstancePush(a: App, b: App, sale: FlashSetup, cookiesFile: string): Promise<ScaleOutResult['push']> {
  const socket = io(b.url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 10_000 });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('connect', () => socket.emit('room:join', { liveId: sale.liveId, as: 'viewer' }, (ack: { ok: boolean }) => (ack.ok ? resolve() : reject(new Error('room:join refused')))));
    });
    const received = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no stock:changed on instance B within 5 s')), 5000);
      socket.on('stock:changed', (payload: { flashSkuId: number }) => {
        if (payload.flashSkuId !== sale.flashSkuId) return;
        clearTimeout(timer);
        resolve(performance.now());
      });
    });
    const cookie = (JSON.parse(readFileSync(cookiesFile, 'utf8')) as string[])[0]!;
    const sent = performance.now();
    const res = await fetch(`${a.url}${ORDER_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: orderBody({ cookiesFile, ...sale }, `x${randomUUID()}`) });
    if (res.status !== 200) throw new Error(`the order through A was refused: HTTP ${res.status} ${await res.text()}`);
    return { ok: true, ms: (await received) - sent };
  } catch (error) {
    return { ok: false, ms: 0, error: error instanceof Error ? error.message : String(error) };
  } finally {
    socket.close();
  }
}
