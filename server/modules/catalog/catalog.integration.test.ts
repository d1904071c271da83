// The goods library and the viewer's goods detail, through createCaller on both backends:
// field checks, shop scoping, roles, visibility by room, and the detail and room caches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { describeIssue } from '@/server/validation';
import { CATEGORIES } from '@/prisma/seed-data';
import type { Container } from '@/server/container';
import type { CreateGoodsInput, UpdateGoodsInput } from '@/server/modules/catalog/catalog.schema';
import { goodsDetailCacheKey, roomCacheKey } from '@/server/modules/live/room-view';
import { BACKENDS, createSeededContainer, userByName, refusal, newTag, type Caller, demoCallers } from '@/server/testing/harness';

type ShopGoods = Awaited<ReturnType<Caller['catalog']['goodsById']>>;

/** Keeps this file's rows apart from the seed and from files running alongside. */


/** The field errors a form shows for a refused input: dotted path, message key and figures (never words). */
async function fieldErrors(call: Promise<unknown>) {
  const error = await refusal(call);
  expect(error.code).toBe('BAD_REQUEST');
  expect(error.cause).toBeInstanceOf(ZodError);
  return (error.cause as ZodError).issues.map((i) => describeIssue(i));
}

/** A hoodie in two colours and two sizes, three of the four combinations on sale. */
function hoodie(tag: string, categoryId: number): CreateGoodsInput {
  return {
    title: `测试连帽卫衣 ${tag}`,
    subtitle: '加绒加厚',
    description: '集成测试商品',
    categoryId,
    images: ['/goods/tee.svg'],
    specDefs: [
      { name: '颜色', values: ['黑色', '白色'] },
      { name: '尺码', values: ['M', 'L'] },
    ],
    skus: [
      { skuCode: `${tag}-BK-M`, specs: { 颜色: '黑色', 尺码: 'M' }, price: 9900, stock: 20 },
      { skuCode: `${tag}-BK-L`, specs: { 颜色: '黑色', 尺码: 'L' }, price: 10900, stock: 5 },
      { skuCode: `${tag}-WH-M`, specs: { 颜色: '白色', 尺码: 'M' }, price: 9900, stock: 0 },
    ],
  };
}

function asUpdate(goods: ShopGoods): UpdateGoodsInput {
  return {
    spuId: goods.id,
    title: goods.title,
    subtitle: goods.subtitle,
    description: goods.description,
    categoryId: goods.categoryId,
    images: goods.images,
    specDefs: goods.specDefs,
    skus: goods.skus.map(({ id, skuCode, specs, price, stock }) => ({ id, skuCode, specs, price, stock })),
  };
}

describe.each(BACKENDS)('catalog on %s', (backend) => {
  let container: Container;
  let host1: Caller;
  let host1b: Caller;
  let host2: Caller;
  let ops: Caller;
  let viewer: Caller;
  let anonymous: Caller;
  let shopLi: number;
  let category: Map<string, number>;
  let seededLiveRoomId: number;
  let seededScheduledRoomId: number;
  const createdSpuIds: number[] = [];
  const createdRoomIds: number[] = [];

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    const host1User = await userByName(container, 'host1');
    const host2User = await userByName(container, 'host2');
    ({ host1, host1b, host2, ops, viewer, anonymous } = await demoCallers(container));
    shopLi = host1User.shopId!;
    category = new Map((await anonymous.catalog.categories()).map((c) => [c.name, c.id]));
    seededLiveRoomId = (await container.db.liveSession.findFirstOrThrow({ where: { hostId: host1User.id, status: 'LIVE' }, orderBy: { id: 'asc' }, select: { id: true } })).id;
    seededScheduledRoomId = (await container.db.liveSession.findFirstOrThrow({ where: { hostId: host2User.id }, orderBy: { id: 'asc' }, select: { id: true } })).id;
  });

  afterAll(async () => {
    if (container) {
      // The database is shared with other files: take this file's goods and rooms out of sight.
      await container.db.liveSession.updateMany({ where: { id: { in: createdRoomIds } }, data: { status: 'ENDED', endedAt: new Date() } });
      await container.db.spu.updateMany({ where: { id: { in: createdSpuIds } }, data: { status: 'ARCHIVED' } });
    }
    await container?.close();
  });

  const categoryId = (name: (typeof CATEGORIES)[number]) => category.get(name)!;

  async function createGoods(patch: Partial<CreateGoodsInput> = {}, tag = newTag()) {
    const goods = await host1.catalog.create({ ...hoodie(tag, categoryId('服饰')), ...patch });
    createdSpuIds.push(goods.id);
    return { tag, goods };
  }

  /** A room of shop 李记 opened by the second operator, so the seeded rooms stay as they are. */
  async function openRoom(spuIds: number[], status: 'SCHEDULED' | 'LIVE' = 'SCHEDULED') {
    const room = await host1b.live.create({ title: `测试直播间 ${newTag()}` });
    createdRoomIds.push(room.id);
    if (spuIds.length) await host1b.live.addGoods({ liveId: room.id, spuIds });
    if (status === 'LIVE') await host1b.live.start({ liveId: room.id });
    return room.id;
  }

  const rowsTagged = async (tag: string) => ({
    spus: await container.db.spu.count({ where: { title: { contains: tag } } }),
    skus: await container.db.sku.count({ where: { skuCode: { startsWith: tag } } }),
  });

  /** Everything a change to one goods could touch, to prove a refusal changed nothing. */
  const stored = (spuId: number) =>
    container.db.spu.findUniqueOrThrow({
      where: { id: spuId },
      select: {
        shopId: true,
        title: true,
        subtitle: true,
        description: true,
        categoryId: true,
        images: true,
        specDefs: true,
        status: true,
        updatedAt: true,
        skus: { select: { id: true, skuCode: true, specs: true, price: true, stock: true, updatedAt: true }, orderBy: { id: 'asc' } },
      },
    });

  /** A viewer's unpaid order, placed through the orders API as a buyer would; returns its cancel. */
  async function placeOrder(liveId: number, skuId: number, quantity: number) {
    const order = await viewer.orders.create({
      liveId,
      skuId,
      quantity,
      idempotencyKey: `catalog-${newTag()}`,
      address: { name: '测试买家', phone: '13800000000', region: '浙江省杭州市西湖区', detail: '文三路1号' },
    });
    expect(order.status).toBe('PENDING_PAYMENT');
    return async () => {
      await viewer.orders.cancel({ orderSn: order.orderSn });
    };
  }

  describe('categories', () => {
    it('lists the categories in display order, to anyone', async () => {
      const categories = await anonymous.catalog.categories();
      expect(categories.map((c) => c.name)).toEqual([...CATEGORIES]);
      expect(categories.every((c) => Number.isInteger(c.id) && c.id > 0)).toBe(true);
    });
  });

  describe('create', () => {
    it('creates goods with its SKUs in the host’s own shop and lists it with a price range', async () => {
      const { tag, goods } = await createGoods();
      expect(goods).toMatchObject({ title: `测试连帽卫衣 ${tag}`, subtitle: '加绒加厚', categoryId: categoryId('服饰'), images: ['/goods/tee.svg'], shopId: shopLi });
      expect(goods.specDefs.map((d) => d.name)).toEqual(['颜色', '尺码']);
      expect(goods.skus.map((s) => [s.skuCode, s.specs, s.price, s.stock])).toEqual([
        [`${tag}-BK-M`, { 颜色: '黑色', 尺码: 'M' }, 9900, 20],
        [`${tag}-BK-L`, { 颜色: '黑色', 尺码: 'L' }, 10900, 5],
        [`${tag}-WH-M`, { 颜色: '白色', 尺码: 'M' }, 9900, 0],
      ]);
      // Spec values keep the order of the dimensions ("黑色 / M", not "M / 黑色"), read back too.
      expect(goods.skus.map((s) => Object.keys(s.specs))).toEqual([['颜色', '尺码'], ['颜色', '尺码'], ['颜色', '尺码']]);
      const stored = await container.db.sku.findMany({ where: { spuId: goods.id }, select: { specs: true }, orderBy: { id: 'asc' } });
      expect(stored.map((s) => Object.values(s.specs as Record<string, string>).join(' / '))).toEqual(['黑色 / M', '黑色 / L', '白色 / M']);
      expect(await container.db.spu.findUniqueOrThrow({ where: { id: goods.id }, select: { shopId: true, status: true } })).toEqual({ shopId: shopLi, status: 'ACTIVE' });

      const listed = await host1.catalog.goods({ search: tag });
      expect(listed.items).toEqual([
        { id: goods.id, title: goods.title, cover: '/goods/tee.svg', category: '服饰', categoryEn: 'Apparel', categoryId: categoryId('服饰'), skuCount: 3, minPrice: 9900, maxPrice: 10900, totalStock: 25 },
      ]);
    });

    it('creates goods without spec dimensions as one SKU, and takes a title of exactly 120 characters', async () => {
      const tag = newTag();
      const title = `${tag}${'长'.repeat(120 - tag.length)}`;
      const { goods } = await createGoods(
        { title, specDefs: [], skus: [{ skuCode: `${tag}-ONE`, specs: {}, price: 1, stock: 0 }], categoryId: categoryId('家居') },
        tag,
      );
      expect(goods.title).toHaveLength(120);
      expect(goods.skus).toEqual([expect.objectContaining({ skuCode: `${tag}-ONE`, specs: {}, price: 1, stock: 0 })]);
    });

    it('refuses each bad field with a message for that field, and writes nothing', async () => {
      const tag = newTag();
      const valid = hoodie(tag, categoryId('服饰'));
      const sku0 = valid.skus[0]!;
      const withSku = (patch: Record<string, unknown>) => ({ ...valid, skus: [{ ...sku0, ...patch }, ...valid.skus.slice(1)] });
      const cases: [string, unknown, { path: string; key?: string; params?: Record<string, string | number> }][] = [
        ['no title', { ...valid, title: undefined }, { path: 'title' }],
        ['a blank title', { ...valid, title: '   ' }, { path: 'title', key: 'invalid.goods.titleRequired' }],
        ['a 121-character title', { ...valid, title: `${tag}${'长'.repeat(121 - tag.length)}` }, { path: 'title', key: 'invalid.goods.titleTooLong', params: { maximum: 120, origin: 'string' } }],
        ['a 201-character subtitle', { ...valid, subtitle: 'x'.repeat(201) }, { path: 'subtitle', key: 'invalid.goods.subtitleTooLong' }],
        ['no category', { ...valid, categoryId: undefined }, { path: 'categoryId', key: 'invalid.goods.categoryRequired' }],
        ['category 0 (none chosen)', { ...valid, categoryId: 0 }, { path: 'categoryId', key: 'invalid.goods.categoryRequired' }],
        ['no image', { ...valid, images: [] }, { path: 'images', key: 'invalid.goods.imagesRequired' }],
        ['an image from elsewhere', { ...valid, images: ['https://example.com/a.png'] }, { path: 'images.0', key: 'invalid.image.path' }],
        ['no SKU', { ...valid, skus: [] }, { path: 'skus', key: 'invalid.sku.required' }],
        ['no price', withSku({ price: undefined }), { path: 'skus.0.price', key: 'invalid.price.required' }],
        ['a zero price', withSku({ price: 0 }), { path: 'skus.0.price', key: 'invalid.price.positive' }],
        ['a negative price', withSku({ price: -100 }), { path: 'skus.0.price', key: 'invalid.price.positive' }],
        ['a price over ¥1,000,000', withSku({ price: 100_000_001 }), { path: 'skus.0.price', key: 'invalid.price.tooHigh' }],
        ['a price in fractions of a fen', withSku({ price: 99.5 }), { path: 'skus.0.price', key: 'invalid.price.decimals' }],
        ['a negative stock', withSku({ stock: -1 }), { path: 'skus.0.stock', key: 'invalid.stock.negative' }],
        ['a fractional stock', withSku({ stock: 1.5 }), { path: 'skus.0.stock', key: 'invalid.stock.whole' }],
        ['a SKU code with spaces', withSku({ skuCode: `${tag} A` }), { path: 'skus.0.skuCode', key: 'invalid.sku.codeFormat' }],
        ['a SKU code used twice', { ...valid, skus: [sku0, { ...valid.skus[1]!, skuCode: sku0.skuCode }] }, { path: 'skus.1.skuCode', key: 'invalid.sku.duplicateCode', params: { skuCode: sku0.skuCode } }],
        ['a spec value not offered', withSku({ specs: { 颜色: '紫色', 尺码: 'M' } }), { path: 'skus.0.specs', key: 'invalid.sku.notAValue', params: { value: '紫色', spec: '颜色' } }],
        ['a spec left out', withSku({ specs: { 颜色: '黑色' } }), { path: 'skus.0.specs', key: 'invalid.sku.specsMissing', params: { specs: '颜色 / 尺码' } }],
        ['a spec not defined', withSku({ specs: { 颜色: '黑色', 尺码: 'M', 材质: '棉' } }), { path: 'skus.0.specs', key: 'invalid.sku.specsMissing', params: { specs: '颜色 / 尺码' } }],
        ['two SKUs with the same specs', { ...valid, skus: [sku0, { ...valid.skus[1]!, specs: sku0.specs }] }, { path: 'skus.1.specs', key: 'invalid.sku.sameSpecs' }],
        ['two specs with one name', { ...valid, specDefs: [valid.specDefs[0]!, { ...valid.specDefs[1]!, name: '颜色' }] }, { path: 'specDefs', key: 'invalid.spec.duplicateName' }],
      ];
      for (const [why, input, expected] of cases) {
        const errors = await fieldErrors(host1.catalog.create(input as CreateGoodsInput));
        expect(errors, why).toContainEqual(expect.objectContaining(expected));
      }
      expect(await rowsTagged(tag)).toEqual({ spus: 0, skus: 0 });
    });

    it('refuses an unknown category with BAD_REQUEST and writes nothing', async () => {
      const tag = newTag();
      const error = await refusal(host1.catalog.create({ ...hoodie(tag, 999_999_999) }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toBe('Category 999999999 does not exist');
      expect(await rowsTagged(tag)).toEqual({ spus: 0, skus: 0 });
    });

    it('lets only hosts create goods: viewers and ops are forbidden, no session is unauthorized', async () => {
      const tag = newTag();
      const input = hoodie(tag, categoryId('服饰'));
      expect((await refusal(viewer.catalog.create(input))).code).toBe('FORBIDDEN');
      expect((await refusal(ops.catalog.create(input))).code).toBe('FORBIDDEN');
      expect((await refusal(anonymous.catalog.create(input))).code).toBe('UNAUTHORIZED');
      expect(await rowsTagged(tag)).toEqual({ spus: 0, skus: 0 });
    });
  });

  describe('goods list', () => {
    it('finds goods by title regardless of case and pages through them oldest first', async () => {
      const tag = newTag();
      const ids: number[] = [];
      for (const n of [1, 2, 3]) ids.push((await createGoods({ title: `分页测试 ${tag} 第${n}款` }, `${tag}${n}`)).goods.id);
      const search = tag.toLowerCase();

      const page1 = await host1.catalog.goods({ search, page: 1, pageSize: 2 });
      expect(page1).toMatchObject({ total: 3, page: 1, pageSize: 2, pages: 2 });
      expect(page1.items.map((g) => g.id)).toEqual(ids.slice(0, 2));
      const page2 = await host1.catalog.goods({ search, page: 2, pageSize: 2 });
      expect(page2.items.map((g) => g.id)).toEqual(ids.slice(2));
      const beyond = await host1.catalog.goods({ search, page: 3, pageSize: 2 });
      expect(beyond).toMatchObject({ items: [], total: 3, pages: 2 });

      expect(await host1.catalog.goods({ search: `无此商品${tag}` })).toMatchObject({ items: [], total: 0, pages: 1 });
    });

    it('filters by category', async () => {
      const tag = newTag();
      const clothes = (await createGoods({ title: `分类测试 ${tag} 卫衣` }, `${tag}A`)).goods;
      const gadget = (await createGoods({ title: `分类测试 ${tag} 耳机`, categoryId: categoryId('数码') }, `${tag}B`)).goods;

      const digital = await host1.catalog.goods({ search: tag, categoryId: categoryId('数码') });
      expect(digital.items.map((g) => [g.id, g.category])).toEqual([[gadget.id, '数码']]);
      const both = await host1.catalog.goods({ search: tag });
      expect(both.items.map((g) => g.id)).toEqual([clothes.id, gadget.id]);

      const beauty = await host1.catalog.goods({ categoryId: categoryId('美妆'), pageSize: 100 });
      expect(beauty.items.length).toBeGreaterThan(0);
      expect(new Set(beauty.items.map((g) => g.category))).toEqual(new Set(['美妆']));
      expect(beauty.items.map((g) => g.title)).toContain('保湿修护面霜');
    });

    it('refuses a malformed query', async () => {
      expect(await fieldErrors(host1.catalog.goods({ page: 0 }))).toContainEqual(expect.objectContaining({ path: 'page' }));
      expect(await fieldErrors(host1.catalog.goods({ pageSize: 101 }))).toContainEqual(expect.objectContaining({ path: 'pageSize' }));
      expect(await fieldErrors(host1.catalog.goods({ pageSize: 2.5 }))).toContainEqual(expect.objectContaining({ path: 'pageSize' }));
      expect(await fieldErrors(host1.catalog.goods({ search: 'x'.repeat(61) }))).toContainEqual(expect.objectContaining({ path: 'search' }));
      expect(await fieldErrors(host1.catalog.goods({ categoryId: -1 }))).toContainEqual(expect.objectContaining({ path: 'categoryId' }));
    });

    it('shows a host only their own shop’s goods, the shop’s second operator the same, and ops every shop', async () => {
      const { tag, goods } = await createGoods();
      expect((await host1b.catalog.goods({ search: tag })).items.map((g) => g.id)).toEqual([goods.id]);
      expect(await host2.catalog.goods({ search: tag })).toMatchObject({ items: [], total: 0 });
      expect((await ops.catalog.goods({ search: tag })).items.map((g) => g.id)).toEqual([goods.id]);
      expect((await ops.catalog.goods({ search: '脐橙' })).items.map((g) => g.title)).toContain('赣南脐橙');
      expect((await host1.catalog.goods({ search: '脐橙' })).items).toEqual([]);
    });

    it('answers FORBIDDEN to a viewer and UNAUTHORIZED without a session', async () => {
      expect((await refusal(viewer.catalog.goods({}))).code).toBe('FORBIDDEN');
      expect((await refusal(anonymous.catalog.goods({}))).code).toBe('UNAUTHORIZED');
    });
  });

  describe('goodsById', () => {
    it('gives the shop’s operators and ops the whole goods with its SKUs', async () => {
      const { goods } = await createGoods();
      for (const caller of [host1, host1b, ops]) {
        const read = await caller.catalog.goodsById({ spuId: goods.id });
        expect(read).toEqual(goods);
      }
      const orange = (await ops.catalog.goods({ search: '赣南脐橙' })).items[0]!;
      expect((await ops.catalog.goodsById({ spuId: orange.id })).skus.length).toBe(3);
    });

    it('makes another shop’s goods look missing, and refuses unknown or malformed ids', async () => {
      const { goods } = await createGoods();
      const foreign = await refusal(host2.catalog.goodsById({ spuId: goods.id }));
      expect(foreign.code).toBe('NOT_FOUND');
      expect(foreign.message).toBe(`Goods ${goods.id} does not exist in your shop`);
      expect((await refusal(host1.catalog.goodsById({ spuId: 999_999_999 }))).code).toBe('NOT_FOUND');
      for (const spuId of [0, -1, 1.5]) {
        expect(await fieldErrors(host1.catalog.goodsById({ spuId }))).toContainEqual(expect.objectContaining({ path: 'spuId' }));
      }
    });

    it('answers FORBIDDEN to a viewer and UNAUTHORIZED without a session', async () => {
      const { goods } = await createGoods();
      expect((await refusal(viewer.catalog.goodsById({ spuId: goods.id }))).code).toBe('FORBIDDEN');
      expect((await refusal(anonymous.catalog.goodsById({ spuId: goods.id }))).code).toBe('UNAUTHORIZED');
    });
  });

  describe('update', () => {
    it('renames, reprices, drops, adds and swaps SKU codes in one save', async () => {
      const { tag, goods } = await createGoods();
      const [bkM, bkL, whM] = goods.skus;
      const saved = await host1b.catalog.update({
        ...asUpdate(goods),
        title: `改名卫衣 ${tag}`,
        categoryId: categoryId('家居'),
        images: ['/goods/tee.svg', '/goods/jeans.svg'],
        skus: [
          // Black M and black L swap their codes; white M goes; white L arrives.
          { id: bkM!.id, skuCode: bkL!.skuCode, specs: bkM!.specs, price: 8900, stock: 20 },
          { id: bkL!.id, skuCode: bkM!.skuCode, specs: bkL!.specs, price: 10900, stock: 6 },
          { skuCode: `${tag}-WH-L`, specs: { 颜色: '白色', 尺码: 'L' }, price: 11900, stock: 3 },
        ],
      });
      expect(saved).toMatchObject({ title: `改名卫衣 ${tag}`, categoryId: categoryId('家居'), images: ['/goods/tee.svg', '/goods/jeans.svg'] });
      expect(saved.skus.map((s) => [s.id === bkM!.id, s.id === bkL!.id, s.skuCode, s.price, s.stock])).toEqual([
        [true, false, bkL!.skuCode, 8900, 20],
        [false, true, bkM!.skuCode, 10900, 6],
        [false, false, `${tag}-WH-L`, 11900, 3],
      ]);
      expect(await container.db.sku.count({ where: { id: whM!.id } })).toBe(0);
      expect(await host1.catalog.goodsById({ spuId: goods.id })).toEqual(saved);
      expect((await host1.catalog.goods({ search: tag })).items[0]).toMatchObject({ title: `改名卫衣 ${tag}`, category: '家居', minPrice: 8900, maxPrice: 11900, totalStock: 29 });
    });

    it('refuses unknown goods, an unknown category, a SKU of other goods and bad fields, changing nothing', async () => {
      const { goods } = await createGoods();
      const other = (await createGoods()).goods;
      const before = await stored(goods.id);
      const input = asUpdate(goods);

      const missing = await refusal(host1.catalog.update({ ...input, spuId: 999_999_999 }));
      expect(missing).toMatchObject({ code: 'NOT_FOUND', message: 'Goods 999999999 does not exist in your shop' });

      const badCategory = await refusal(host1.catalog.update({ ...input, title: '不应保存', categoryId: 999_999_999 }));
      expect(badCategory).toMatchObject({ code: 'BAD_REQUEST', message: 'Category 999999999 does not exist' });

      const foreignSku = other.skus[0]!;
      const stolen = await refusal(host1.catalog.update({ ...input, skus: [{ ...input.skus[0]!, id: foreignSku.id }, ...input.skus.slice(1)] }));
      expect(stolen).toMatchObject({ code: 'BAD_REQUEST', message: `SKU ${foreignSku.id} does not belong to goods ${goods.id}` });

      const tooLong = await fieldErrors(host1.catalog.update({ ...input, title: 'x'.repeat(121) }));
      expect(tooLong).toContainEqual(expect.objectContaining({ path: 'title', key: 'invalid.goods.titleTooLong', params: expect.objectContaining({ maximum: 120 }) }));
      const badPrice = await fieldErrors(host1.catalog.update({ ...input, skus: [{ ...input.skus[0]!, price: -1 }, ...input.skus.slice(1)] }));
      expect(badPrice).toContainEqual(expect.objectContaining({ path: 'skus.0.price', key: 'invalid.price.positive' }));
      const duplicate = await fieldErrors(host1.catalog.update({ ...input, skus: [input.skus[0]!, { ...input.skus[1]!, skuCode: input.skus[0]!.skuCode }] }));
      expect(duplicate).toContainEqual(expect.objectContaining({ path: 'skus.1.skuCode', key: 'invalid.sku.duplicateCode', params: { skuCode: input.skus[0]!.skuCode } }));
      const badSpecs = await fieldErrors(host1.catalog.update({ ...input, specDefs: [{ name: '颜色', values: ['黑色'] }] }));
      expect(badSpecs).toContainEqual(expect.objectContaining({ path: 'skus.0.specs', key: 'invalid.sku.specsMissing', params: { specs: '颜色' } }));

      expect(await stored(goods.id)).toEqual(before);
      expect((await stored(other.id)).skus.map((s) => s.id)).toContain(foreignSku.id);
    });

    it('refuses to remove a SKU that has an order, with CONFLICT, changing nothing', async () => {
      const { goods } = await createGoods();
      const ordered = goods.skus[1]!;
      const cancel = await placeOrder(await openRoom([goods.id]), ordered.id, 2);
      try {
        const before = await stored(goods.id);
        const input = asUpdate(await host1.catalog.goodsById({ spuId: goods.id }));
        const error = await refusal(host1.catalog.update({ ...input, title: '不应保存', skus: input.skus.filter((s) => s.id !== ordered.id) }));
        expect(error).toMatchObject({ code: 'CONFLICT', message: `SKU ${ordered.skuCode} has orders or a flash sale: set its stock to 0 instead of removing it` });
        expect(await stored(goods.id)).toEqual(before);
      } finally {
        await cancel();
      }
    });

    it('keeps hosts out of another shop’s goods and ops and viewers out of editing, changing nothing', async () => {
      const { goods } = await createGoods();
      const before = await stored(goods.id);
      const input = { ...asUpdate(goods), title: '不应保存' };
      expect(await refusal(host2.catalog.update(input))).toMatchObject({ code: 'NOT_FOUND', message: `Goods ${goods.id} does not exist in your shop` });
      expect((await refusal(ops.catalog.update(input))).code).toBe('FORBIDDEN');
      expect((await refusal(viewer.catalog.update(input))).code).toBe('FORBIDDEN');
      expect((await refusal(anonymous.catalog.update(input))).code).toBe('UNAUTHORIZED');
      expect(await stored(goods.id)).toEqual(before);
    });
  });

  describe('changeStock', () => {
    it('sets the stock of one SKU, leaving the others', async () => {
      const { goods } = await createGoods();
      const [first, second] = goods.skus;
      expect(await host1.catalog.changeStock({ skuId: second!.id, stock: 42 })).toEqual({ id: second!.id, stock: 42 });
      const read = await host1.catalog.goodsById({ spuId: goods.id });
      expect(read.skus.map((s) => s.stock)).toEqual([first!.stock, 42, goods.skus[2]!.stock]);
      expect(await host1.catalog.changeStock({ skuId: second!.id, stock: 0 })).toEqual({ id: second!.id, stock: 0 });
    });

    it('refuses bad stock, unknown SKUs and another shop’s SKU, changing nothing', async () => {
      const { goods } = await createGoods();
      const sku = goods.skus[0]!;
      const before = await stored(goods.id);
      expect(await fieldErrors(host1.catalog.changeStock({ skuId: sku.id, stock: -1 }))).toContainEqual(expect.objectContaining({ path: 'stock', key: 'invalid.stock.negative' }));
      expect(await fieldErrors(host1.catalog.changeStock({ skuId: sku.id, stock: 2.5 }))).toContainEqual(expect.objectContaining({ path: 'stock', key: 'invalid.stock.whole' }));
      expect(await fieldErrors(host1.catalog.changeStock({ skuId: sku.id, stock: 10_000_001 }))).toContainEqual(expect.objectContaining({ path: 'stock', key: 'invalid.stock.tooHigh', params: expect.objectContaining({ maximum: 10_000_000 }) }));
      expect(await fieldErrors(host1.catalog.changeStock({ skuId: 0, stock: 1 }))).toContainEqual(expect.objectContaining({ path: 'skuId' }));
      expect(await refusal(host1.catalog.changeStock({ skuId: 999_999_999, stock: 1 }))).toMatchObject({ code: 'NOT_FOUND', message: 'SKU 999999999 does not exist in your shop' });
      expect(await refusal(host2.catalog.changeStock({ skuId: sku.id, stock: 1 }))).toMatchObject({ code: 'NOT_FOUND', message: `SKU ${sku.id} does not exist in your shop` });
      expect(await stored(goods.id)).toEqual(before);
    });

    it('lets the host mark a SKU sold out while an unpaid order holds some of it', async () => {
      const { goods } = await createGoods();
      const sku = goods.skus[0]!;
      const liveId = await openRoom([goods.id]);
      const cancel = await placeOrder(liveId, sku.id, 3);
      try {
        // The order took its 3 units out of the stock: 17 are left for other buyers.
        expect((await viewer.catalog.detail({ spuId: goods.id, liveId })).skus[0]).toMatchObject({ id: sku.id, stock: 17 });
        expect(await host1.catalog.changeStock({ skuId: sku.id, stock: 0 })).toEqual({ id: sku.id, stock: 0 });
        expect((await viewer.catalog.detail({ spuId: goods.id, liveId })).skus[0]).toMatchObject({ stock: 0, stockState: 'sold_out' });
      } finally {
        await cancel();
      }
    });

    it('lets only hosts change stock', async () => {
      const { goods } = await createGoods();
      const sku = goods.skus[0]!;
      expect((await refusal(ops.catalog.changeStock({ skuId: sku.id, stock: 1 }))).code).toBe('FORBIDDEN');
      expect((await refusal(viewer.catalog.changeStock({ skuId: sku.id, stock: 1 }))).code).toBe('FORBIDDEN');
      expect((await refusal(anonymous.catalog.changeStock({ skuId: sku.id, stock: 1 }))).code).toBe('UNAUTHORIZED');
      expect((await stored(goods.id)).skus[0]!.stock).toBe(sku.stock);
    });
  });

  describe('detail', () => {
    it('shows a viewer goods on the shelf of a scheduled room, with each SKU’s stock state', async () => {
      const { goods } = await createGoods();
      const liveId = await openRoom([goods.id]);
      const detail = await anonymous.catalog.detail({ spuId: goods.id });
      expect(detail).toMatchObject({
        id: goods.id,
        shop: '李记服饰旗舰店',
        title: goods.title,
        live: { id: liveId, status: 'SCHEDULED' },
        isWelfare: false,
        flash: null,
      });
      expect(detail.skus.map((s) => [s.skuCode, s.price, s.flashPrice, s.stock, s.stockState])).toEqual([
        [goods.skus[0]!.skuCode, 9900, null, 20, 'in_stock'],
        [goods.skus[1]!.skuCode, 10900, null, 5, 'low'],
        [goods.skus[2]!.skuCode, 9900, null, 0, 'sold_out'],
      ]);
      expect(await viewer.catalog.detail({ spuId: goods.id, liveId })).toEqual(detail);
    });

    it('hides goods that are in no room, off the shelf, or asked for in another room', async () => {
      const { goods } = await createGoods();
      expect(await refusal(anonymous.catalog.detail({ spuId: goods.id }))).toMatchObject({ code: 'NOT_FOUND', message: `Goods ${goods.id} is not on sale` });

      const liveId = await openRoom([goods.id]);
      const item = (await host1b.live.desk({ liveId })).goods[0]!;
      await host1b.live.setShelf({ liveId, roomGoodsId: item.roomGoodsId, onShelf: false });
      expect((await refusal(anonymous.catalog.detail({ spuId: goods.id }))).code).toBe('NOT_FOUND');
      expect((await refusal(anonymous.catalog.detail({ spuId: goods.id, liveId }))).code).toBe('NOT_FOUND');
      await host1b.live.setShelf({ liveId, roomGoodsId: item.roomGoodsId, onShelf: true });
      expect((await anonymous.catalog.detail({ spuId: goods.id })).live.id).toBe(liveId);

      for (const otherRoom of [seededLiveRoomId, seededScheduledRoomId, 999_999_999]) {
        const error = await refusal(anonymous.catalog.detail({ spuId: goods.id, liveId: otherRoom }));
        expect(error).toMatchObject({ code: 'NOT_FOUND', message: `Goods ${goods.id} is not on sale in live room ${otherRoom}` });
      }
      expect((await refusal(anonymous.catalog.detail({ spuId: 999_999_999 }))).code).toBe('NOT_FOUND');
      expect(await fieldErrors(anonymous.catalog.detail({ spuId: -1 }))).toContainEqual(expect.objectContaining({ path: 'spuId' }));
      expect(await fieldErrors(anonymous.catalog.detail({ spuId: goods.id, liveId: 0 }))).toContainEqual(expect.objectContaining({ path: 'liveId' }));
    });

    it('hides goods once their room has ended', async () => {
      const { goods } = await createGoods();
      const liveId = await openRoom([goods.id], 'LIVE');
      expect((await anonymous.catalog.detail({ spuId: goods.id })).live).toMatchObject({ id: liveId, status: 'LIVE' });
      await host1b.live.end({ liveId });
      expect((await refusal(anonymous.catalog.detail({ spuId: goods.id }))).code).toBe('NOT_FOUND');
      expect((await refusal(anonymous.catalog.detail({ spuId: goods.id, liveId }))).code).toBe('NOT_FOUND');
    });

    it('presents the goods in the room of the deep link, and without one in the room that is live now', async () => {
      const { goods } = await createGoods();
      const scheduled = await openRoom([goods.id]);
      const live = await openRoom([goods.id], 'LIVE');
      expect((await anonymous.catalog.detail({ spuId: goods.id, liveId: scheduled })).live).toMatchObject({ id: scheduled, status: 'SCHEDULED' });
      expect((await anonymous.catalog.detail({ spuId: goods.id, liveId: live })).live).toMatchObject({ id: live, status: 'LIVE' });
      // Without a live_id the viewer can buy now only in the live room; checkout follows `live.id`.
      expect((await anonymous.catalog.detail({ spuId: goods.id })).live).toMatchObject({ id: live, status: 'LIVE' });
    });
  });

  describe('caches', () => {
    it('shows a new price at once in the detail and in the live room’s cart list', async () => {
      const { tag, goods } = await createGoods();
      const liveId = await openRoom([goods.id], 'LIVE');
      expect((await viewer.catalog.detail({ spuId: goods.id })).skus[0]!.price).toBe(9900);
      expect((await viewer.live.room({ liveId })).goods[0]).toMatchObject({ spuId: goods.id, minPrice: 9900, maxPrice: 10900 });
      // Both are now served from the cache, so what follows proves the cache is refreshed.
      expect(await container.kv.cache.get(goodsDetailCacheKey(goods.id))).toBeDefined();
      expect(await container.kv.cache.get(roomCacheKey(liveId))).toBeDefined();

      const input = asUpdate(goods);
      await host1.catalog.update({ ...input, title: `降价卫衣 ${tag}`, skus: input.skus.map((s) => ({ ...s, price: s.price - 1000 })) });

      const detail = await viewer.catalog.detail({ spuId: goods.id });
      expect(detail.title).toBe(`降价卫衣 ${tag}`);
      expect(detail.skus.map((s) => s.price)).toEqual([8900, 9900, 8900]);
      expect((await viewer.live.room({ liveId })).goods[0]).toMatchObject({ spuId: goods.id, title: `降价卫衣 ${tag}`, minPrice: 8900, maxPrice: 9900 });
    });

    it('shows a stock change at once in the detail and in the live room’s cart list', async () => {
      const { goods } = await createGoods();
      const liveId = await openRoom([goods.id], 'LIVE');
      expect((await viewer.catalog.detail({ spuId: goods.id })).skus[0]).toMatchObject({ stock: 20, stockState: 'in_stock' });
      expect((await viewer.live.room({ liveId })).goods[0]).toMatchObject({ totalStock: 25, stockState: 'in_stock' });

      await host1.catalog.changeStock({ skuId: goods.skus[0]!.id, stock: 0 });
      await host1.catalog.changeStock({ skuId: goods.skus[1]!.id, stock: 0 });

      expect((await viewer.catalog.detail({ spuId: goods.id })).skus.map((s) => [s.stock, s.stockState])).toEqual([
        [0, 'sold_out'],
        [0, 'sold_out'],
        [0, 'sold_out'],
      ]);
      expect((await viewer.live.room({ liveId })).goods[0]).toMatchObject({ totalStock: 0, stockState: 'sold_out' });
    });
  });
});
