// The worker (npm run worker) beside a web process started with BACKGROUND_WORK=worker: the web
// process only serves requests — no pay-by timer per order, no relay — and the worker relays
// the order events into the stats, expires unpaid orders within a second of their deadline, and
// its pushes reach the web process's sockets over pub/sub.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackgroundWork, type BackgroundWork } from './background';
import type { Container } from './container';
import type { Emitted } from './realtime/emitter';
import { orderInput, setupFlashSale } from './testing/flash';
import { callerFor, createTestContainer, createViewers } from './testing/harness';

const until = async (check: () => Promise<boolean>, ms = 8000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

describe('a web process with its work in a worker (PostgreSQL + Redis)', () => {
  let web: Container;
  let worker: Container;
  let work: BackgroundWork;
  const seen: Emitted[] = [];

  beforeAll(async () => {
    const prefix = `w${randomUUID().slice(0, 8)}:`;
    web = await createTestContainer('postgres+redis', { BACKGROUND_WORK: 'worker', OUTBOX_RELAY: 'off' }, { redisKeyPrefix: prefix });
    worker = await createTestContainer('postgres+redis', {}, { redisKeyPrefix: prefix });
    worker.realtime.withoutSockets();
    await web.realtime.listen();
    web.realtime.onEmit((e) => seen.push(e));
    work = await startBackgroundWork(worker, { worker: true });
  });
  afterAll(async () => {
    await work?.stop();
    await worker?.close();
    await web?.close();
  });

  it('takes an order without arming a timer; the worker turns its event into the stats and the board hears it', async () => {
    const setup = await setupFlashSale(web, { stock: 5, limit: 2 });
    const [buyer] = await createViewers(web, 1, 'wk');
    const order = await callerFor(web, buyer!).orders.create(orderInput(setup));
    expect(web.timers.has(`order:${order.orderSn}:expire`)).toBe(false);

    expect(await until(async () => ((await web.db.liveGoodsSales.findUnique({ where: { liveId_skuId: { liveId: setup.liveId, skuId: setup.skuId } }, select: { totalSales: true } }))?.totalSales ?? 0) === 1)).toBe(true);
    expect(await until(async () => seen.some((e) => e.event === 'stats:updated' && (e.payload as { liveId: number }).liveId === setup.liveId))).toBe(true);
  });

  it('expires an unpaid order within about a second of its deadline and gives its unit back', async () => {
    const setup = await setupFlashSale(web, { stock: 3, limit: 1 });
    const [buyer] = await createViewers(web, 1, 'wk');
    const order = await callerFor(web, buyer!).orders.create(orderInput(setup));
    await web.db.order.update({ where: { orderSn: order.orderSn }, data: { payDeadline: new Date(Date.now() - 10) } });
    const expired = await until(async () => (await web.db.order.findUniqueOrThrow({ where: { orderSn: order.orderSn }, select: { status: true } })).status === 'EXPIRED', 4000);
    expect(expired).toBe(true);
    const sku = await web.db.flashSku.findUniqueOrThrow({ where: { id: setup.flashSkuId }, select: { sold: true } });
    expect(sku.sold).toBe(0);
    expect(await web.gate.remaining(setup.flashSkuId)).toBe(3);
  });

  it('sends an event the worker pushes at once (a sale that starts) to the web process’s sockets', async () => {
    const payload = { liveId: 424242, flashSaleId: 1, status: 'ACTIVE' as const, startsAt: new Date().toISOString(), endsAt: new Date().toISOString() };
    worker.realtime.publish('flash:changed', payload);
    expect(await until(async () => seen.some((e) => e.event === 'flash:changed' && (e.payload as { liveId: number }).liveId === 424242), 3000)).toBe(true);
  });
});
