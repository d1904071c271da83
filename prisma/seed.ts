// Idempotent demo seed: running it again changes nothing. `npm run db:seed`, and automatic on
// the first start of the embedded default.
import type { Db } from '../server/db/client';
import { hashPassword } from '../server/modules/auth/password';
import { specCombinations } from '../server/modules/catalog/specs';
import { CATEGORIES, CATEGORY_NAMES_EN, DEMO_PASSWORD, DEMO_STREAM, DEMO_USERS, GOODS, ROOMS, SHOPS } from './seed-data';

export async function seed(db: Db): Promise<{ created: boolean }> {
  const already = await db.user.count({ where: { username: DEMO_USERS[0].username } });

  for (const [sort, name] of CATEGORIES.entries()) {
    await db.category.upsert({ where: { name }, create: { name, nameEn: CATEGORY_NAMES_EN[name], sort }, update: {} });
  }
  const categoryId = new Map((await db.category.findMany({ select: { id: true, name: true } })).map((c) => [c.name, c.id]));

  const shopId = new Map<string, number>();
  for (const shop of SHOPS) {
    const existing = await db.shop.findFirst({ where: { name: shop.name }, select: { id: true } });
    shopId.set(shop.key, existing?.id ?? (await db.shop.create({ data: { name: shop.name }, select: { id: true } })).id);
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const userId = new Map<string, number>();
  for (const user of DEMO_USERS) {
    const row = await db.user.upsert({
      where: { username: user.username },
      create: {
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        passwordHash,
        shopId: user.shop ? shopId.get(user.shop) : null,
        shopRole: user.shopRole,
      },
      update: {},
      select: { id: true },
    });
    userId.set(user.username, row.id);
  }

  const spuId = new Map<string, number>();
  for (const goods of GOODS) {
    const shop = shopId.get(goods.shop)!;
    const existing = await db.spu.findFirst({ where: { shopId: shop, title: goods.title }, select: { id: true } });
    if (existing) {
      spuId.set(goods.code, existing.id);
      continue;
    }
    const skus = specCombinations(goods.specs).map((specs, i) => {
      const surcharge = Object.values(specs).reduce((sum, value) => sum + (goods.surcharge?.[value] ?? 0), 0);
      return {
        skuCode: `${goods.code.toUpperCase()}-${String(i + 1).padStart(2, '0')}`,
        specs,
        price: goods.price + surcharge,
        stock: goods.stock,
      };
    });
    const spu = await db.spu.create({
      data: {
        shopId: shop,
        categoryId: categoryId.get(goods.category)!,
        title: goods.title,
        subtitle: goods.subtitle,
        description: `${goods.title}，${goods.subtitle}。直播间专享价，下单后48小时内发货。`,
        images: [`/goods/${goods.code}.svg`],
        specDefs: goods.specs,
        skus: { create: skus },
      },
      select: { id: true },
    });
    spuId.set(goods.code, spu.id);
  }

  for (const room of ROOMS) {
    const host = DEMO_USERS.find((u) => u.username === room.host)!;
    const hostId = userId.get(room.host)!;
    const existing = await db.liveSession.findFirst({ where: { hostId, title: room.title }, select: { id: true } });
    if (existing) continue;
    const live = await db.liveSession.create({
      data: {
        shopId: shopId.get(host.shop!)!,
        hostId,
        title: room.title,
        status: room.status,
        startedAt: room.status === 'LIVE' ? new Date() : null,
        scheduledAt: new Date(Date.now() + (room.status === 'SCHEDULED' ? 24 * 3600_000 : 0)),
        streamUrl: DEMO_STREAM.url,
        coverImage: DEMO_STREAM.poster,
      },
      select: { id: true },
    });
    for (const [sort, code] of room.goods.entries()) {
      const spu = spuId.get(code)!;
      const stock = await db.sku.aggregate({ where: { spuId: spu }, _sum: { stock: true } });
      await db.liveRoomGoods.create({ data: { liveId: live.id, spuId: spu, sort: sort + 1, stockSnapshot: stock._sum.stock ?? 0 } });
    }
  }
  return { created: already === 0 };
}
