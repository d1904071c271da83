// Two app instances sharing PostgreSQL and Redis (DESIGN.md §6): pushes cross instances through
// the socket.io Redis adapter, and a storm spread over both oversells nothing.
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from './realtime/events';
import { orderInput, setupFlashSale } from './testing/flash';
import { callerFor, createTestContainer, createViewers } from './testing/harness';
import { startTestInstance, type TestInstance } from './testing/instance';

type Instance = TestInstance;

async function startInstance(prefix: string): Promise<Instance> {
  const container = await createTestContainer('postgres+redis', { ORDER_RATE_USER_PER_10S: '10000', ORDER_RATE_IP_PER_10S: '1000000' }, { redisKeyPrefix: prefix });
  return startTestInstance(container, { handler: 'app' });
}

describe('two instances on PostgreSQL + Redis', () => {
  let a: Instance;
  let b: Instance;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Same Redis namespace: they are one deployment.
    const prefix = `${inject('redisPrefix')}scale-${randomUUID().slice(0, 6)}:`;
    a = await startInstance(prefix);
    b = await startInstance(prefix);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    for (const i of [a, b]) await i?.close();
  });

  it('pushes an order placed through one instance to a viewer connected to the other', async () => {
    const setup = await setupFlashSale(a.container, { stock: 10, limit: 1 });
    const viewer: Socket<ServerToClientEvents, ClientToServerEvents> = connect(b.url, { transports: ['websocket'], forceNew: true });
    sockets.push(viewer);
    await new Promise<void>((resolve) => viewer.once('connect', () => resolve()));
    expect(await viewer.emitWithAck('room:join', { liveId: setup.liveId, as: 'viewer' })).toEqual({ ok: true });
    const ticker = new Promise((resolve) => viewer.once('order:ticker', resolve));
    const stock = new Promise((resolve) => viewer.once('stock:changed', resolve));

    const [buyer] = await createViewers(a.container, 1, 'scale');
    await callerFor(a.container, buyer).orders.create(orderInput(setup));

    await expect(ticker).resolves.toMatchObject({ liveId: setup.liveId, quantity: 1 });
    await expect(stock).resolves.toMatchObject({ flashSkuId: setup.flashSkuId, remaining: 9 });
  });

  it('oversells nothing when a storm is spread over both', async () => {
    const setup = await setupFlashSale(a.container, { stock: 50, limit: 1 });
    const users = await createViewers(a.container, 200, 'scalestorm');
    const results = await Promise.allSettled(
      users.flatMap((u, i) => [0, 1].map((k) => callerFor((i + k) % 2 === 0 ? a.container : b.container, u).orders.create(orderInput(setup)))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
    const sku = await a.container.db.flashSku.findUniqueOrThrow({ where: { id: setup.flashSkuId }, select: { sold: true, flashStock: true } });
    expect(sku).toEqual({ sold: 50, flashStock: 50 });
    expect(await a.container.gate.remaining(setup.flashSkuId)).toBe(0);
    expect(await b.container.gate.remaining(setup.flashSkuId)).toBe(0);
  });
});
