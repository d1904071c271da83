// Scale-out on real parts, started by the test from Debian's packages: a Redis Cluster of three
// masters (server/testing/cluster.ts) and nginx (server/testing/nginx.ts) in front of two app
// instances, which share it and the run's PostgreSQL. Orders go through nginx as a browser's do
// (tRPC over HTTP, session cookie); the outcome is read from PostgreSQL and from the cluster.
import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookiesFor } from './modules/auth/session-cookies';
import { gateKeys } from './modules/inventory/gate';
import type { ClientToServerEvents, ServerToClientEvents } from './realtime/events';
import { startRedisCluster, type RedisClusterHandle } from './testing/cluster';
import { orderInput, setupFlashSale } from './testing/flash';
import { createTestContainer, createViewers } from './testing/harness';
import { startNginx, type NginxHandle } from './testing/nginx';
import { startTestInstance, type TestInstance } from './testing/instance';

type Instance = TestInstance;

const USER_LIMIT_PER_10S = 5;

async function startInstance(clusterNodes: string, prefix: string): Promise<Instance> {
  const container = await createTestContainer(
    'postgres+redis',
    // Behind nginx every request comes from its address: the per-IP limit is not what is tested.
    { REDIS_URL: '', REDIS_CLUSTER_NODES: clusterNodes, ORDER_RATE_USER_PER_10S: String(USER_LIMIT_PER_10S), ORDER_RATE_IP_PER_10S: '1000000' },
    { redisKeyPrefix: prefix },
  );
  return startTestInstance(container, { handler: 'app' });
}

/** An order as the browser's checkout sends it; `upstream`: the instance that answered. */
async function order(base: string, cookie: string, input: Record<string, unknown>) {
  const res = await fetch(`${base}/api/trpc/orders.create`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ json: input }) });
  const body = (await res.json()) as { result?: { data: { json: { orderSn: string } } }; error?: { json: { data: { code: string; reason?: string } } } };
  return { status: res.status, upstream: res.headers.get('x-upstream'), orderSn: body.result?.data.json.orderSn, error: body.error?.json.data };
}

describe('two instances behind nginx on a Redis Cluster of three masters', () => {
  let cluster: RedisClusterHandle;
  let nginx: NginxHandle;
  let a: Instance;
  let b: Instance;
  let prefix: string;
  /** A client of the test's own on the cluster (no prefix): reads what the app wrote. */
  let probe: Cluster;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    cluster = await startRedisCluster();
    prefix = `scale-cluster-${randomUUID().slice(0, 6)}:`;
    a = await startInstance(cluster.nodesEnv, prefix);
    b = await startInstance(cluster.nodesEnv, prefix);
    nginx = await startNginx([a.address, b.address]);
    probe = new Cluster(cluster.nodes);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await probe?.quit();
    await nginx?.stop();
    for (const i of [a, b]) await i?.close();
    await cluster?.stop();
  });

  it('sells exactly the stock in a storm through nginx across both instances, per-user limits held', async () => {
    const setup = await setupFlashSale(a.container, { stock: 60, limit: 2 });
    const users = await createViewers(a.container, 100, 'clstorm');
    const cookies = await sessionCookiesFor(a.container, users.map((u) => u.id));
    // Three attempts per viewer, all at once.
    const replies = await Promise.all(cookies.flatMap((cookie) => [0, 1, 2].map(() => order(nginx.url, cookie, orderInput(setup)))));

    expect(replies.filter((r) => r.status === 200)).toHaveLength(60);
    expect(replies.filter((r) => r.status >= 500)).toEqual([]);
    const reasons = new Set(replies.filter((r) => r.status !== 200).map((r) => r.error?.reason));
    expect([...reasons].every((r) => r === 'SOLD_OUT' || r === 'LIMIT_REACHED')).toBe(true);
    // nginx spread the viewers over both instances.
    const byInstance = new Map<string, number>();
    for (const r of replies) byInstance.set(r.upstream ?? '?', (byInstance.get(r.upstream ?? '?') ?? 0) + 1);
    expect([...byInstance.keys()].sort()).toEqual([a.address, b.address].sort());

    // PostgreSQL: 60 units in live orders, none over the limit.
    const rows = await a.container.db.order.findMany({
      where: { items: { some: { flashSkuId: setup.flashSkuId } }, status: { in: ['PENDING_PAYMENT', 'PAID'] } },
      select: { orderSn: true, userId: true },
    });
    expect(rows).toHaveLength(60);
    expect(new Set(rows.map((r) => r.orderSn))).toEqual(new Set(replies.flatMap((r) => (r.orderSn ? [r.orderSn] : []))));
    const perUser = new Map<number, number>();
    for (const r of rows) perUser.set(r.userId, (perUser.get(r.userId) ?? 0) + 1);
    expect(Math.max(...perUser.values())).toBe(2);
    expect(await a.container.db.flashSku.findUniqueOrThrow({ where: { id: setup.flashSkuId }, select: { sold: true, flashStock: true } })).toEqual({ sold: 60, flashStock: 60 });

    // The cluster: the gate's keys (one slot, {fs:<id>}) say the same.
    const keys = gateKeys(setup.flashSkuId);
    expect(await probe.get(prefix + keys.stock)).toBe('0');
    const holds = Object.values(await probe.hgetall(prefix + keys.users)).map(Number);
    expect(holds.reduce((s, q) => s + q, 0)).toBe(60);
    expect(Math.max(...holds)).toBe(2);
    const slots = await Promise.all([keys.stock, keys.users, keys.idem, keys.gen].map((k) => probe.cluster('KEYSLOT', prefix + k)));
    expect(new Set(slots).size).toBe(1);
  });

  it('pushes an order placed through one instance to a socket connected through nginx to the other', async () => {
    const setup = await setupFlashSale(a.container, { stock: 10, limit: 1 });
    const [watcher, ...buyers] = await createViewers(a.container, 9, 'clpush');
    const [watcherCookie, ...buyerCookies] = await sessionCookiesFor(a.container, [watcher!.id, ...buyers.map((u) => u.id)]);
    // Polling first, then the upgrade: the polling requests must stick to one instance.
    const viewer: Socket<ServerToClientEvents, ClientToServerEvents> = connect(nginx.url, { forceNew: true, extraHeaders: { cookie: watcherCookie! } });
    sockets.push(viewer);
    await new Promise<void>((resolve, reject) => {
      viewer.once('connect', () => resolve());
      viewer.once('connect_error', reject);
    });
    expect(await viewer.emitWithAck('room:join', { liveId: setup.liveId, as: 'viewer' })).toEqual({ ok: true });
    await expect.poll(() => viewer.io.engine.transport.name).toBe('websocket');
    // Events cross instances on the cluster's shard channels.
    expect(a.io.of('/').adapter.constructor.name).toBe('ShardedRedisAdapter');
    const on = a.io.engine.clientsCount === 1 ? a : b;
    expect((on === a ? b : a).io.engine.clientsCount).toBe(0);
    const other = on === a ? b : a;

    // A buyer whom nginx sends to the other instance (a GET answers which, and changes nothing).
    let buyerCookie: string | undefined;
    for (const cookie of buyerCookies) {
      const res = await fetch(`${nginx.url}/`, { headers: { cookie } });
      if (res.headers.get('x-upstream') === other.address) {
        buyerCookie = cookie;
        break;
      }
    }
    expect(buyerCookie, 'nginx sent every buyer to one instance').toBeDefined();
    const stock = new Promise((resolve) => viewer.on('stock:changed', (p) => p.flashSkuId === setup.flashSkuId && resolve(p)));
    const reply = await order(nginx.url, buyerCookie!, orderInput(setup));
    expect(reply).toMatchObject({ status: 200, upstream: other.address });
    await expect(stock).resolves.toMatchObject({ flashSkuId: setup.flashSkuId, remaining: 9 });
  });

  it('takes a regular order, and counts one user’s attempts on both instances together', async () => {
    const setup = await setupFlashSale(a.container, { stock: 5, limit: 1, inventory: 50 });
    const [user] = await createViewers(a.container, 1, 'clrate');
    const [cookie] = await sessionCookiesFor(a.container, [user!.id]);
    const regular = () => orderInput(setup, { flashSkuId: undefined });
    const first = await order(nginx.url, cookie!, regular());
    expect(first.status).toBe(200);
    const row = await a.container.db.order.findUniqueOrThrow({ where: { orderSn: first.orderSn! }, select: { items: { select: { unitPrice: true, flashSkuId: true } } } });
    expect(row.items).toEqual([{ unitPrice: 9900, flashSkuId: null }]);
    // The limit is counted on the cluster: attempts sent straight to A and B add up.
    const more = [];
    for (let i = 1; i < USER_LIMIT_PER_10S + 2; i += 1) more.push(await order(i % 2 ? b.url : a.url, cookie!, regular()));
    expect(more.slice(0, USER_LIMIT_PER_10S - 1).map((r) => r.status)).toEqual(Array(USER_LIMIT_PER_10S - 1).fill(200));
    expect(more.slice(USER_LIMIT_PER_10S - 1).map((r) => [r.status, r.error?.reason])).toEqual([
      [429, 'RATE_LIMITED'],
      [429, 'RATE_LIMITED'],
    ]);
  });
});
