// The host's flash-sale editor: clear refusals for bad configs, stock carved from inventory and
// given back, starts and ends on time.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { orderInput, setupFlashSale } from '@/server/testing/flash';
import { BACKENDS, callerFor, createSeededContainer, createViewers, userByName } from '@/server/testing/harness';

describe.each(BACKENDS)('flash-sale configuration on %s', (backend) => {
  let container: Container;
  let host: ReturnType<typeof callerFor>;
  let room: { liveId: number; roomGoodsId: number; skuId: number };

  beforeAll(async () => {
    container = await createSeededContainer(backend, { ORDER_RATE_USER_PER_10S: '1000' });
    host = callerFor(container, await userByName(container, 'host1'));
    const tag = randomUUID().slice(0, 8);
    const goods = await host.catalog.create({
      title: `配置测试 ${tag}`, subtitle: '', description: '', categoryId: (await container.db.category.findFirstOrThrow({ select: { id: true } })).id,
      images: ['/goods/cup.svg'], specDefs: [], skus: [{ skuCode: `CFG-${tag}`, specs: {}, price: 6900, stock: 100 }],
    });
    const live = await host.live.create({ title: `配置测试 ${tag}` });
    await host.live.start({ liveId: live.id });
    const desk = await host.live.addGoods({ liveId: live.id, spuIds: [goods.id] });
    room = { liveId: live.id, roomGoodsId: desk.goods[0]!.roomGoodsId, skuId: goods.skus[0]!.id };
  });
  afterAll(async () => {
    await container?.close();
  });

  const inventory = async () => (await container.db.sku.findUniqueOrThrow({ where: { id: room.skuId }, select: { stock: true } })).stock;
  const sale = (over: Record<string, unknown> = {}, sku: Record<string, unknown> = {}) => ({
    liveId: room.liveId,
    roomGoodsId: room.roomGoodsId,
    window: { kind: 'now' as const, durationMinutes: 10 },
    skus: [{ skuId: room.skuId, flashPrice: 990, flashStock: 10, perUserLimit: 1, ...sku }],
    ...over,
  });

  it('refuses bad configs with clear messages and changes nothing', async () => {
    const before = await inventory();
    const count = await container.db.flashSale.count({ where: { liveId: room.liveId } });
    await expect(host.flashSale.create(sale({}, { flashPrice: 0 }))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/invalid\.flash\.pricePositive/) });
    await expect(host.flashSale.create(sale({}, { flashPrice: -5 }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      host.flashSale.create(sale({ window: { kind: 'scheduled', startsAt: new Date(Date.now() + 7200_000), endsAt: new Date(Date.now() + 3600_000) } })),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/invalid\.sale\.endBeforeStart/) });
    await expect(host.flashSale.create(sale({}, { flashStock: 101 }))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/above its inventory 100/) });
    await expect(host.flashSale.create(sale({}, { perUserLimit: 0 }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await inventory()).toBe(before);
    expect(await container.db.flashSale.count({ where: { liveId: room.liveId } })).toBe(count);
  });

  it('carves flash stock out of inventory, refuses an overlapping sale, and gives the rest back when stopped', async () => {
    const before = await inventory();
    const created = await host.flashSale.create(sale({}, { flashStock: 10 }));
    expect(created.status).toBe('ACTIVE');
    expect(await inventory()).toBe(before - 10);
    await expect(host.flashSale.create(sale({ window: { kind: 'scheduled', startsAt: new Date(Date.now() + 60_000), endsAt: new Date(Date.now() + 120_000) } }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already has flash sale/),
    });

    const [buyer] = await createViewers(container, 1, 'cfg');
    const setup = { liveId: room.liveId, skuId: room.skuId, flashSkuId: created.skus[0]!.flashSkuId } as Parameters<typeof orderInput>[0];
    await callerFor(container, buyer).orders.create(orderInput(setup));

    // Raise while live; lower down to what is sold, not below.
    const raised = await host.flashSale.adjustStock({ flashSkuId: created.skus[0]!.flashSkuId, flashStock: 15 });
    expect(raised.skus[0]).toMatchObject({ flashStock: 15, sold: 1, remaining: 14 });
    expect(await container.gate.remaining(created.skus[0]!.flashSkuId)).toBe(14);
    await expect(host.flashSale.adjustStock({ flashSkuId: created.skus[0]!.flashSkuId, flashStock: 0 })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/cannot go below 1/) });
    expect(await inventory()).toBe(before - 15);

    const stopped = await host.flashSale.stop({ flashSaleId: created.id });
    expect(stopped.status).toBe('ENDED');
    // The 14 unsold go back; the one held by an unpaid order stays with it.
    expect(await inventory()).toBe(before - 1);
    expect(stopped.skus[0]).toMatchObject({ flashStock: 1, sold: 1, remaining: 0, held: 1 });
  });

  it('starts and ends a scheduled sale on time, and tells the room', async () => {
    const events: string[] = [];
    const stop = container.realtime.onEmit((e) => {
      if (e.event === 'flash:changed' && e.room === `live:${room.liveId}`) events.push((e.payload as { status: string }).status);
    });
    try {
      const startsAt = new Date(Date.now() + 700);
      const created = await host.flashSale.create(sale({ window: { kind: 'scheduled', startsAt, endsAt: new Date(startsAt.getTime() + 1000) } }, { flashStock: 3 }));
      expect(created.status).toBe('SCHEDULED');
      const status = async () => (await container.db.flashSale.findUniqueOrThrow({ where: { id: created.id }, select: { status: true } })).status;
      await expect.poll(status, { timeout: 3000, interval: 50 }).toBe('ACTIVE');
      expect(Date.now()).toBeGreaterThanOrEqual(startsAt.getTime());
      await expect.poll(status, { timeout: 4000, interval: 50 }).toBe('ENDED');
      // The push follows the commit: wait for it rather than race it.
      await expect.poll(() => events, { timeout: 2000, interval: 20 }).toEqual(['SCHEDULED', 'ACTIVE', 'ENDED']);
    } finally {
      stop();
    }
  });

  it('keeps hosts out of other shops’ rooms and viewers out of the editor', async () => {
    const other = callerFor(container, await userByName(container, 'host2'));
    await expect(other.flashSale.create(sale())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.flashSale.forRoom({ liveId: room.liveId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const viewer = callerFor(container, await userByName(container, 'viewer1'));
    await expect(viewer.flashSale.create(sale())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const ops = callerFor(container, await userByName(container, 'ops1'));
    await expect(ops.flashSale.create(sale())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(Array.isArray(await ops.flashSale.forRoom({ liveId: room.liveId }))).toBe(true);
  });

  it('shows the flash badge and price to viewers while the sale runs', async () => {
    const setup = await setupFlashSale(container, { stock: 7, limit: 1, price: 1290 });
    const viewerRoom = await callerFor(container).live.room({ liveId: setup.liveId });
    expect(viewerRoom.goods[0]!.flash).toMatchObject({ status: 'ACTIVE', minPrice: 1290, remaining: 7 });
    const detail = await callerFor(container).catalog.detail({ spuId: setup.spuId, liveId: setup.liveId });
    expect(detail.skus[0]).toMatchObject({ flashPrice: 1290, perUserLimit: 1, stock: 7, flashSkuId: setup.flashSkuId });
  });
});
