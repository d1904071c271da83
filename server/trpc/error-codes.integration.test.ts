// What a client receives for bad input and refusals: codes, message keys and figures, which it
// puts in its own language — never sentences. Through the real formatter (the tRPC HTTP shape)
// and through createCaller (the AppError's reason and params).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@/prisma/seed-data';
import type { Container } from '@/server/container';
import { AppError } from '@/server/errors';
import { orderInput, setupFlashSale, type FlashSetup } from '@/server/testing/flash';
import { BACKENDS, callerFor, createSeededContainer, createViewers, refusal, userByName, type Caller } from '@/server/testing/harness';
import { startTestServer, trpcHttp } from '@/server/testing/http';

/** The `data` a client reads from the tRPC answer of a refused call. */
type ErrorData = { code: string; httpStatus: number; reason: string | null; params: Record<string, string | number>; zod: { issues: { path: string; code: string; key: string | null; params: Record<string, unknown> }[] } | null };

const KEY = /^invalid\.[\w.]+$/;

describe.each(BACKENDS)('error codes and params on %s', (backend) => {
  let container: Container;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let host: Caller;
  let cookie: string;
  let setup: FlashSetup;

  beforeAll(async () => {
    container = await createSeededContainer(backend, { ORDER_RATE_USER_PER_10S: '1000' });
    server = await startTestServer(container);
    host = callerFor(container, await userByName(container, 'host1'));
    setup = await setupFlashSale(container, { stock: 5, limit: 2, inventory: 20 });
    const signIn = await trpcHttp(server.url, 'auth.signIn', { input: { username: 'host1', password: DEMO_PASSWORD }, mutation: true });
    cookie = signIn.setCookie!.split(';')[0]!;
  });
  afterAll(async () => {
    await server?.close();
    await container?.close();
  });

  /** A mutation over HTTP as host1: the error data the browser gets. */
  async function errorData(path: string, input: unknown): Promise<ErrorData> {
    const res = await trpcHttp(server.url, path, { input, cookie, mutation: true });
    const data = res.error!.data as unknown as ErrorData;
    expect(res.status).toBe(data.httpStatus);
    return data;
  }

  it('bad goods input: every issue a path, a zod code, a message key and its figures', async () => {
    const category = (await container.db.category.findFirstOrThrow({ select: { id: true } })).id;
    const data = await errorData('catalog.create', {
      title: 'x'.repeat(121),
      subtitle: '',
      description: '',
      categoryId: 0,
      images: [],
      specDefs: [],
      skus: [{ skuCode: 'bad code', specs: {}, price: 12.5, stock: -1 }],
    });
    expect(data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, reason: null, params: {} });
    expect(data.zod!.issues).toEqual([
      { path: 'title', code: 'too_big', key: 'invalid.goods.titleTooLong', params: { maximum: 120, origin: 'string' } },
      { path: 'categoryId', code: 'too_small', key: 'invalid.goods.categoryRequired', params: { minimum: 0, origin: 'number', exclusive: 1 } },
      { path: 'images', code: 'too_small', key: 'invalid.goods.imagesRequired', params: { minimum: 1, origin: 'array' } },
      { path: 'skus.0.skuCode', code: 'invalid_format', key: 'invalid.sku.codeFormat', params: { format: 'regex', origin: 'string' } },
      { path: 'skus.0.price', code: 'invalid_type', key: 'invalid.price.decimals', params: { expected: 'int', format: 'safeint' } },
      { path: 'skus.0.stock', code: 'too_small', key: 'invalid.stock.negative', params: { minimum: 0, origin: 'number' } },
    ]);
    // A cross-field rule names what it is about in params, not in a sentence.
    const twice = await errorData('catalog.create', {
      title: '两件同码',
      categoryId: category,
      images: ['/goods/cup.svg'],
      specDefs: [],
      skus: [
        { skuCode: 'SAME-1', specs: {}, price: 100, stock: 1 },
        { skuCode: 'SAME-1', specs: {}, price: 100, stock: 1 },
      ],
    });
    expect(twice.zod!.issues).toContainEqual({ path: 'skus.1.skuCode', code: 'custom', key: 'invalid.sku.duplicateCode', params: { skuCode: 'SAME-1' } });
  });

  it('a bad flash sale and a checkout address with nothing filled in', async () => {
    const sale = await errorData('flashSale.create', {
      liveId: setup.liveId,
      roomGoodsId: setup.roomGoodsId,
      window: { kind: 'scheduled', startsAt: new Date(Date.now() + 7200_000).toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString() },
      skus: [{ skuId: setup.skuId, flashPrice: 0, flashStock: 0, perUserLimit: 100 }],
    });
    expect(sale.zod!.issues.map((i) => [i.path, i.key])).toEqual([
      ['window.endsAt', 'invalid.sale.endBeforeStart'],
      ['skus.0.flashPrice', 'invalid.flash.pricePositive'],
      ['skus.0.flashStock', 'invalid.flash.stockMin'],
      ['skus.0.perUserLimit', 'invalid.flash.limitMax'],
    ]);
    expect(sale.zod!.issues.find((i) => i.path === 'skus.0.perUserLimit')!.params).toMatchObject({ maximum: 99 });

    const [viewer] = await createViewers(container, 1, 'codes');
    const error = await refusal(callerFor(container, viewer).orders.create(orderInput(setup, { address: { name: '', phone: '123', region: ' ', detail: '' } })));
    const issues = (error.cause as unknown as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['address.name', 'invalid.address.nameRequired'],
      ['address.phone', 'invalid.address.phone'],
      ['address.region', 'invalid.address.regionRequired'],
      ['address.detail', 'invalid.address.detailRequired'],
    ]);
    for (const issue of issues) expect(issue.message).toMatch(KEY);
  });

  it('refusals carry their reason and the figures their words need', async () => {
    // Flash stock over the SKU's inventory (20 − 5 carved = 15 left).
    const above = await errorData('flashSale.create', {
      liveId: setup.liveId,
      roomGoodsId: setup.roomGoodsId,
      window: { kind: 'scheduled', startsAt: new Date(Date.now() + 86_400_000).toISOString(), endsAt: new Date(Date.now() + 90_000_000).toISOString() },
      skus: [{ skuId: setup.skuId, flashPrice: 990, flashStock: 16, perUserLimit: 1 }],
    });
    const skuCode = (await container.db.sku.findUniqueOrThrow({ where: { id: setup.skuId }, select: { skuCode: true } })).skuCode;
    expect(above).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, reason: 'ABOVE_INVENTORY', params: { skuCode, flashStock: 16, stock: 15 }, zod: null });

    // Raising the running sale's flash stock past what is left: the most it can hold.
    const flashSkuId = setup.flashSkuId;
    const raise = await refusal(host.flashSale.adjustStock({ flashSkuId, flashStock: 21 }));
    expect(raise.cause).toMatchObject({ reason: 'ABOVE_INVENTORY', params: { skuCode, flashStock: 21, stock: 20 } });

    // Below what is sold.
    const [buyer] = await createViewers(container, 1, 'codes-buy');
    await callerFor(container, buyer).orders.create(orderInput(setup, { quantity: 2 }));
    const below = await refusal(host.flashSale.adjustStock({ flashSkuId, flashStock: 1 }));
    expect(below.cause).toMatchObject({ reason: 'BELOW_SOLD', params: { sold: 2 } });

    // More than the per-person limit in one order.
    const over = await refusal(callerFor(container, buyer).orders.create(orderInput(setup, { quantity: 3 })));
    expect(over.cause).toMatchObject({ reason: 'ABOVE_LIMIT', params: { limit: 2 } });

    // A flash price not below the regular one (99.00).
    const price = await errorData('flashSale.create', {
      liveId: setup.liveId,
      roomGoodsId: setup.roomGoodsId,
      window: { kind: 'scheduled', startsAt: new Date(Date.now() + 86_400_000).toISOString(), endsAt: new Date(Date.now() + 90_000_000).toISOString() },
      skus: [{ skuId: setup.skuId, flashPrice: 9900, flashStock: 1, perUserLimit: 1 }],
    });
    expect(price).toMatchObject({ reason: 'FLASH_PRICE_NOT_BELOW', params: { skuCode, price: '99.00' } });

    // A sale over the running one's time: its SKU and times (epoch ms, put in words by the client).
    const overlap = await errorData('flashSale.create', {
      liveId: setup.liveId,
      roomGoodsId: setup.roomGoodsId,
      window: { kind: 'now', durationMinutes: 5 },
      skus: [{ skuId: setup.skuId, flashPrice: 990, flashStock: 1, perUserLimit: 1 }],
    });
    expect(overlap).toMatchObject({ code: 'CONFLICT', httpStatus: 409, reason: 'OVERLAPPING_SALE', params: { skuCode, startsAt: expect.any(Number), endsAt: expect.any(Number) } });

    // A state the action does not fit: the state, named by its code.
    const again = await errorData('live.start', { liveId: setup.liveId });
    expect(again).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'BAD_TRANSITION', params: { status: 'LIVE' } });
  });

  it('another shop’s room is a 404 with no reason and no words of the server’s', async () => {
    const host2 = callerFor(container, await userByName(container, 'host2'));
    const error = await refusal(host2.live.desk({ liveId: setup.liveId }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.cause).toBeInstanceOf(AppError);
    expect((error.cause as AppError).reason).toBeUndefined();
    expect((error.cause as AppError).params).toEqual({});
  });
});
