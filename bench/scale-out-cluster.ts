// Z — scale-out on real parts: the same flash storm (sells out, limit 1) on one instance of the
// built app with one Redis (the baseline, same run) and through nginx in front of two instances
// on a Redis Cluster of three masters, both started here from Debian's packages
// (server/testing/cluster.ts, server/testing/nginx.ts); one PostgreSQL database for both. Both
// topologies are up together and storm in turns, so that load from elsewhere on the machine
// falls on both; the median round of each is reported. Each storm ends with the correctness check (PostgreSQL is the truth; the gate's keys on the
// cluster are held against it). Then an order through nginx that lands on one instance must
// reach a socket that nginx sent to the other. On this 2-core machine the second instance and
// the three Redis nodes add no cores: the ratio shows the topology's cost, not its capacity.
import { readFileSync, unlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { startRedisCluster, type RedisClusterHandle } from '../server/testing/cluster';
import { startNginx, type NginxHandle } from '../server/testing/nginx';
import type { CannonResult } from './load/cannon';
import { orderBody } from './load/order-body';
import type { Container } from '../server/container';
import { appContainer, dropRedisPrefix, setupFlashSale, startApp, viewerCookies, type App, type FlashSetup } from './lib/app';
import { freshDatabase } from './lib/env';
import { runCannon } from './lib/load';
import { pidsOf, type CpuShares } from './lib/proc';
import { checkStorm, type StormCheck } from './storm';

const ORDER_PATH = '/api/trpc/orders.create';

export interface ClusterScaleOptions {
  viewers: number;
  connections: number;
  seconds: number;
  /** Storms per topology, taken in turns (A B A B …): the machine's other load falls on both alike. */
  rounds: number;
}

export interface ClusterStorm {
  topology: string;
  /** The median round's figures (by attempts/s); `rounds`: every round's attempts/s. */
  rounds: number[];
  attempts: number;
  attemptsPerSecond: number;
  accepted: number;
  p50: number;
  p99: number;
  reasons: Record<string, number>;
  errors: number;
  stock: number;
  cpu: CpuShares;
  check: StormCheck;
}

export interface ClusterScaleResult {
  baseline: ClusterStorm;
  cluster: ClusterStorm;
  push: { ok: boolean; ms: number; error?: string };
}

type Target = { name: string; url: string; container: Container; groups: Record<string, () => number[]> };

export async function measureClusterScaleOut(options: ClusterScaleOptions): Promise<ClusterScaleResult> {
  const db = await freshDatabase('z');
  const apps: App[] = [];
  const containers: Container[] = [];
  let cluster: RedisClusterHandle | undefined;
  let nginx: NginxHandle | undefined;
  let cookiesFile: string | undefined;
  try {
    // Baseline: one instance, one Redis (REDIS_URL).
    const single = await startApp(db.url);
    apps.push(single);
    const singleContainer = await appContainer(single, db.url);
    containers.push(singleContainer);
    // The topology: nginx → two instances (same secret, so the same session cookies) → a cluster.
    cluster = await startRedisCluster();
    const a = await startApp(db.url, single, { redisClusterNodes: cluster.nodesEnv });
    apps.push(a);
    const b = await startApp(db.url, a);
    apps.push(b);
    nginx = await startNginx([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]);
    const clusterContainer = await appContainer(a, db.url);
    containers.push(clusterContainer);
    cookiesFile = await viewerCookies(singleContainer, options.viewers, single.secret);

    const targets: Target[] = [
      { name: '1 instance, 1 Redis', url: single.url, container: singleContainer, groups: { app: () => [single.child.pid] } },
      { name: 'nginx → 2 instances → Redis Cluster (3 masters)', url: nginx.url, container: clusterContainer, groups: { 'app A': () => [a.child.pid], 'app B': () => [b.child.pid], nginx: () => pidsOf('nginx') } },
    ];
    // Warm-up of each (JIT, pools, connections), then the storms in turns.
    for (const t of targets) {
      const warm = await setupFlashSale(t.container, { stock: 200_000, limit: 99 });
      await runCannon({ url: t.url, path: ORDER_PATH, connections: options.connections, durationSec: 2, storm: { cookiesFile, ...warm } }, t.groups);
    }
    const runs: ClusterStorm[][] = targets.map(() => []);
    for (let round = 0; round < options.rounds; round += 1) {
      for (const [i, t] of targets.entries()) runs[i]!.push(await storm(t, cookiesFile, options));
    }
    const push = await pushAcross(nginx.url, a, b, await setupFlashSale(clusterContainer, { stock: 10, limit: 1 }), cookiesFile);
    return { baseline: median(runs[0]!), cluster: median(runs[1]!), push };
  } finally {
    if (cookiesFile) unlinkSync(cookiesFile);
    for (const c of containers) await c.close().catch(() => {});
    await nginx?.stop();
    for (const app of apps.reverse()) await app.child.stop();
    await cluster?.stop();
    if (apps[0]) await dropRedisPrefix(apps[0].prefix).catch((error: unknown) => console.error('Z: Redis cleanup failed', error));
    await db.drop();
  }
}

/** The storm that sells out (as E2E's), checked against the database and the gate. */
async function storm(t: Target, cookiesFile: string, options: ClusterScaleOptions): Promise<ClusterStorm> {
  const stock = Math.max(10, Math.min(1000, Math.floor(options.viewers / 2)));
  const sale = await setupFlashSale(t.container, { stock, limit: 1 });
  const { result, cpu } = await runCannon({ url: t.url, path: ORDER_PATH, connections: options.connections, durationSec: options.seconds, storm: { cookiesFile, ...sale } }, t.groups);
  // Duration-bound: requests cut off at the end may have been sold without a reply.
  const check = await checkStorm(t.container, sale, 1, result.accepted, { unansweredAllowed: options.connections });
  return summarise(t.name, result, cpu, stock, check);
}

function summarise(topology: string, r: CannonResult, cpu: CpuShares, stock: number, check: StormCheck): ClusterStorm {
  return { topology, rounds: [r.perSecond], attempts: r.total, attemptsPerSecond: r.perSecond, accepted: r.accepted.length, p50: r.p50, p99: r.p99, reasons: r.reasons, errors: r.errors + r.timeouts, stock, cpu, check };
}

/** The round with the median attempts/s; a failed check in any round is kept. */
function median(runs: ClusterStorm[]): ClusterStorm {
  const sorted = [...runs].sort((x, y) => x.attemptsPerSecond - y.attemptsPerSecond);
  const mid = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const problems = runs.flatMap((r) => r.check.problems);
  return { ...mid, rounds: runs.map((r) => r.attemptsPerSecond), check: { ...mid.check, ok: problems.length === 0, problems } };
}

/** nginx names the instance that answered (X-Upstream); a cookie always lands on the same one. */
async function upstreamOf(base: string, cookie: string): Promise<string | null> {
  const res = await fetch(`${base}/api/health`, { headers: { cookie }, signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return res.headers.get('x-upstream');
}

/** A socket through nginx (polling, then the upgrade) on one instance sees an order nginx sent to the other. */
async function pushAcross(base: string, a: App, b: App, sale: FlashSetup, cookiesFile: string): Promise<ClusterScaleResult['push']> {
  const cookies = JSON.parse(readFileSync(cookiesFile, 'utf8')) as string[];
  const watcher = cookies[0]!;
  let socket: ReturnType<typeof io> | undefined;
  try {
    const watcherOn = await upstreamOf(base, watcher);
    let buyer: string | undefined;
    for (const cookie of cookies.slice(1, 50)) {
      if ((await upstreamOf(base, cookie)) !== watcherOn) {
        buyer = cookie;
        break;
      }
    }
    if (!buyer) throw new Error(`nginx sent 50 viewers to the same instance (${watcherOn}; A ${a.port}, B ${b.port})`);
    const connected = io(base, { forceNew: true, reconnection: false, timeout: 10_000, extraHeaders: { cookie: watcher } });
    socket = connected;
    await new Promise<void>((resolve, reject) => {
      setTimeout(() => reject(new Error('the socket through nginx did not connect and join within 10 s')), 10_000).unref();
      connected.once('connect_error', reject);
      connected.once('connect', () => connected.emit('room:join', { liveId: sale.liveId, as: 'viewer' }, (ack: { ok: boolean }) => (ack.ok ? resolve() : reject(new Error('room:join refused')))));
    });
    const received = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no stock:changed on the other instance within 5 s')), 5000);
      connected.on('stock:changed', (payload: { flashSkuId: number }) => {
        if (payload.flashSkuId !== sale.flashSkuId) return;
        clearTimeout(timer);
        resolve(performance.now());
      });
    });
    received.catch(() => {}); // awaited below, unless the order fails first
    const sent = performance.now();
    const res = await fetch(`${base}${ORDER_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: buyer }, body: orderBody({ cookiesFile, ...sale }, `z${randomUUID()}`), signal: AbortSignal.timeout(10_000) });
    if (res.status !== 200) throw new Error(`the order through nginx was refused: HTTP ${res.status} ${await res.text()}`);
    if (res.headers.get('x-upstream') === watcherOn) throw new Error('the order landed on the socket’s own instance');
    return { ok: true, ms: (await received) - sent };
  } catch (error) {
    return { ok: false, ms: 0, error: error instanceof Error ? error.message : String(error) };
  } finally {
    socket?.close();
  }
}
