// GET /api/live/goods-list (the cart list in the seed's snake_case) through its handler on both
// backends, and its OpenAPI description.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { goodsListHandler, goodsListResponse, LIVE_ID_PATTERN } from '@/server/modules/live/live.rest';
import { buildOpenApiDocument } from '@/server/openapi';
import { BACKENDS, callerFor, createSeededContainer, userByName } from '@/server/testing/harness';

type Caller = ReturnType<typeof callerFor>;

const newTag = () => randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();

const ITEM_FIELDS = ['detail_url', 'flash', 'image', 'is_welfare', 'max_price', 'min_price', 'pinned', 'room_goods_id', 'sort', 'spu_id', 'stock', 'stock_state', 'title'];

describe.each(BACKENDS)('GET /api/live/goods-list on %s', (backend) => {
  let container: Container;
  let host1: Caller;
  let host1b: Caller;
  let clothesId: number;
  const createdSpuIds: number[] = [];
  const createdRoomIds: number[] = [];

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    host1 = callerFor(container, await userByName(container, 'host1'));
    host1b = callerFor(container, await userByName(container, 'host1b'));
    clothesId = (await callerFor(container).catalog.categories()).find((c) => c.name === '服饰')!.id;
  });

  afterAll(async () => {
    if (container) {
      await container.db.liveSession.updateMany({ where: { id: { in: createdRoomIds } }, data: { status: 'ENDED', endedAt: new Date() } });
      await container.db.spu.updateMany({ where: { id: { in: createdSpuIds } }, data: { status: 'ARCHIVED' } });
    }
    await container?.close();
  });

  const get = (query: Record<string, string>) => goodsListHandler(container, new URLSearchParams(query));

  async function createGoods(name: string, skus: { price: number; stock: number }[], image: string) {
    const tag = newTag();
    const goods = await host1.catalog.create({
      title: `${name} ${tag}`,
      categoryId: clothesId,
      images: [image],
      specDefs: [{ name: '规格', values: skus.map((_, i) => `规格${i + 1}`) }],
      skus: skus.map((s, i) => ({ skuCode: `${tag}-${i + 1}`, specs: { 规格: `规格${i + 1}` }, ...s })),
    });
    createdSpuIds.push(goods.id);
    return goods;
  }

  /** A room of shop 李记 (opened by its second operator) with three goods, in that order. */
  async function openRoom(live: boolean) {
    const goods = [
      await createGoods('连衣裙', [{ price: 19900, stock: 30 }, { price: 21900, stock: 8 }], '/goods/tee.svg'),
      await createGoods('针织衫', [{ price: 15900, stock: 4 }], '/goods/down.svg'),
      await createGoods('半身裙', [{ price: 9900, stock: 0 }, { price: 12900, stock: 0 }], '/goods/jeans.svg'),
    ];
    const room = await host1b.live.create({ title: `接口测试 ${newTag()}` });
    createdRoomIds.push(room.id);
    const desk = await host1b.live.addGoods({ liveId: room.id, spuIds: goods.map((g) => g.id) });
    if (live) await host1b.live.start({ liveId: room.id });
    return { liveId: room.id, title: room.title, goods, ids: desk.goods.map((g) => g.roomGoodsId) };
  }

  it('answers 200 with the on-shelf goods in the host’s order, in snake_case', async () => {
    const { liveId, title, goods, ids } = await openRoom(true);
    const [dress, , skirt] = goods;
    // The host's own order: skirt, dress, knit; the knit goes off the shelf, the dress is presented.
    await host1b.live.reorder({ liveId, roomGoodsIds: [ids[2]!, ids[0]!, ids[1]!] });
    await host1b.live.setShelf({ liveId, roomGoodsId: ids[1]!, onShelf: false });
    await host1b.live.setWelfare({ liveId, roomGoodsId: ids[2]!, isWelfare: true });
    const desk = await host1b.live.pin({ liveId, roomGoodsId: ids[0]! });

    const res = await get({ live_id: String(liveId) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      live_id: liveId,
      title,
      status: 'LIVE',
      version: desk.version,
      goods: [
        {
          room_goods_id: ids[2],
          spu_id: skirt!.id,
          title: skirt!.title,
          image: '/goods/jeans.svg',
          sort: 1,
          min_price: 9900,
          max_price: 12900,
          stock: 0,
          stock_state: 'sold_out',
          pinned: false,
          is_welfare: true,
          flash: null,
          detail_url: `/goods/${skirt!.id}?source_type=live&live_id=${liveId}`,
        },
        {
          room_goods_id: ids[0],
          spu_id: dress!.id,
          title: dress!.title,
          image: '/goods/tee.svg',
          sort: 2,
          min_price: 19900,
          max_price: 21900,
          stock: 38,
          stock_state: 'in_stock',
          pinned: true,
          is_welfare: false,
          flash: null,
          detail_url: `/goods/${dress!.id}?source_type=live&live_id=${liveId}`,
        },
      ],
    });
  });

  it('follows the host’s next change at once', async () => {
    const { liveId, ids, goods } = await openRoom(true);
    const first = await get({ live_id: String(liveId) });
    const order = [ids[1]!, ids[2]!, ids[0]!];
    await host1b.live.reorder({ liveId, roomGoodsIds: order });
    // The knit, now first, has one SKU.
    await host1.catalog.changeStock({ skuId: goods[1]!.skus[0]!.id, stock: 2 });

    const next = (await get({ live_id: String(liveId) })).body as { version: number; goods: { room_goods_id: number; stock: number; stock_state: string }[] };
    expect(next.goods.map((g) => g.room_goods_id)).toEqual(order);
    expect(next.goods[0]).toMatchObject({ stock: 2, stock_state: 'low' });
    expect(next.version).toBeGreaterThan((first.body as { version: number }).version);
  });

  it('serves a scheduled room, and an ended room with no goods', async () => {
    const scheduled = await openRoom(false);
    const res = await get({ live_id: String(scheduled.liveId) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ live_id: scheduled.liveId, status: 'SCHEDULED' });
    expect((res.body as { goods: { room_goods_id: number }[] }).goods.map((g) => g.room_goods_id)).toEqual(scheduled.ids);

    const ended = await openRoom(true);
    await host1b.live.end({ liveId: ended.liveId });
    expect(await get({ live_id: String(ended.liveId) })).toEqual({ status: 200, body: expect.objectContaining({ status: 'ENDED', goods: [] }) });
  });

  it('keeps to the documented shape, field for field', async () => {
    const { liveId } = await openRoom(true);
    const { body } = await get({ live_id: String(liveId) });
    // Parsing strips unknown keys: equal means nothing undocumented is sent.
    expect(goodsListResponse.parse(body)).toEqual(body);
    const goods = (body as { goods: Record<string, unknown>[] }).goods;
    expect(goods).toHaveLength(3);
    for (const item of goods) expect(Object.keys(item).sort()).toEqual(ITEM_FIELDS);
  });

  it('answers 400 with a JSON error for a missing or malformed live_id', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'live_id is required'],
      [{ live_id: 'abc' }, 'live_id must be a whole number'],
      [{ live_id: '-1' }, 'live_id must be a whole number'],
      [{ live_id: '0' }, 'live_id must be positive'],
      [{ live_id: '1.5' }, 'live_id must be a whole number'],
      [{ live_id: '0x1' }, 'live_id must be a whole number'],
      [{ live_id: '1e0' }, 'live_id must be a whole number'],
      [{ liveId: '1' }, 'live_id is required'],
    ];
    for (const [query, message] of cases) {
      expect(await get(query), JSON.stringify(query)).toEqual({ status: 400, body: { error: { code: 'BAD_REQUEST', message } } });
    }
    const empty = await get({ live_id: '' });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('live_id') } });
  });

  it('answers 404 with a JSON error for a room that does not exist', async () => {
    expect(await get({ live_id: '999999999' })).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Live room 999999999 does not exist' } } });
  });

  it('answers an id too large for any room with a JSON client error, not a crash', async () => {
    const res = await get({ live_id: '99999999999' }).catch((error: unknown) => ({ status: 500, body: String(error) }));
    expect([400, 404]).toContain(res.status);
    expect(res.body).toEqual({ error: { code: expect.stringMatching(/^(BAD_REQUEST|NOT_FOUND)$/), message: expect.any(String) } });
  });

  it('is documented in the OpenAPI document with its query parameter and responses', () => {
    const doc = buildOpenApiDocument();
    const operation = doc.paths?.['/api/live/goods-list']?.get;
    expect(operation).toBeDefined();
    expect(operation!.parameters).toEqual([
      expect.objectContaining({ name: 'live_id', in: 'query', required: true, schema: expect.objectContaining({ type: 'string', pattern: LIVE_ID_PATTERN.source }) }),
    ]);
    expect(Object.keys(operation!.responses ?? {}).sort()).toEqual(['200', '400', '404']);
    const schemaOf = (status: string) => (operation!.responses![status] as { content: Record<string, { schema: { $ref: string } }> }).content['application/json']!.schema.$ref;
    expect(schemaOf('200')).toBe('#/components/schemas/GoodsListResponse');
    expect(schemaOf('400')).toBe('#/components/schemas/Error');
    expect(schemaOf('404')).toBe('#/components/schemas/Error');

    const schemas = doc.components!.schemas as Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
    expect([...schemas.GoodsListItem!.required!].sort()).toEqual(ITEM_FIELDS);
    expect([...schemas.GoodsListResponse!.required!].sort()).toEqual(['goods', 'live_id', 'status', 'title', 'version']);
    expect(Object.keys(schemas.Error!.properties!)).toEqual(['error']);
  });
});
