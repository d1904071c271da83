// Catalog: categories, SPUs and SKUs of a shop (the seed's 商品微服务: goods list, room goods
// list, goods detail) and their available stock.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';
import { AppError, yuanParam } from '@/server/errors';
import { audit, type AuditActor } from '@/server/modules/audit/audit';
import { goodsForAudit } from '@/server/modules/audit/snapshots';
import { activeFlashByRoomGoods, goodsDetailCacheKey, roomGoodsChanged, roomsWithSpu } from '@/server/modules/live/room-view';
import type { ChangeStockInput, CreateGoodsInput, GoodsDetailInput, ListShopGoodsInput, SpecDef, UpdateGoodsInput } from './catalog.schema';
import { buyableUnits, stockState, summarizeSkus } from './sku-summary';

export { summarizeSkus } from './sku-summary';

const DETAIL_TTL_SECONDS = 30;

export interface GoodsSummary {
  id: number;
  title: string;
  cover: string | null;
  category: string;
  /** The category in English, where the platform has it. */
  categoryEn: string | null;
  categoryId: number;
  skuCount: number;
  minPrice: number; // fen
  maxPrice: number; // fen
  totalStock: number;
}

export function listCategories(db: Db) {
  return db.category.findMany({ select: { id: true, name: true, nameEn: true }, orderBy: [{ sort: 'asc' }, { id: 'asc' }] });
}

/** Images shipped with the app that a host may pick for goods. */
export async function listLibraryImages(): Promise<string[]> {
  const files = await readdir(path.resolve('public/goods'));
  return files.filter((f) => /\.(svg|png|jpe?g|webp)$/.test(f)).sort().map((f) => `/goods/${f}`);
}

export async function listShopGoods(db: Db, shopId: number | null, input: ListShopGoodsInput) {
  const where = {
    ...(shopId === null ? {} : { shopId }),
    status: 'ACTIVE' as const,
    ...(input.categoryId ? { categoryId: input.categoryId } : {}),
    ...(input.search ? { title: { contains: input.search, mode: 'insensitive' as const } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.spu.count({ where }),
    db.spu.findMany({
      where,
      select: { id: true, title: true, images: true, categoryId: true, category: { select: { name: true, nameEn: true } }, skus: { select: { price: true, stock: true } } },
      orderBy: { id: 'asc' },
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
  ]);
  const items: GoodsSummary[] = rows.map((row) => ({
    id: row.id,
    title: row.title,
    cover: row.images[0] ?? null,
    category: row.category.name,
    categoryEn: row.category.nameEn,
    categoryId: row.categoryId,
    ...summarizeSkus(row.skus),
  }));
  return { items, total, page: input.page, pageSize: input.pageSize, pages: Math.max(1, Math.ceil(total / input.pageSize)) };
}

/** One SPU with its SKUs, for the host's edit form. Another shop's SPU looks missing. */
export async function getShopGoods(db: Db, shopId: number | null, spuId: number) {
  const spu = await db.spu.findUnique({
    where: { id: spuId },
    select: {
      id: true,
      shopId: true,
      title: true,
      subtitle: true,
      description: true,
      categoryId: true,
      images: true,
      specDefs: true,
      skus: { select: { id: true, skuCode: true, specs: true, price: true, stock: true }, orderBy: { id: 'asc' } },
    },
  });
  if (!spu || (shopId !== null && spu.shopId !== shopId)) throw new AppError('NOT_FOUND', `Goods ${spuId} does not exist in your shop`);
  return { ...spu, specDefs: spu.specDefs as unknown as SpecDef[], skus: spu.skus.map((s) => ({ ...s, specs: s.specs as Record<string, string> })) };
}

/** A SKU as the host's editors get it (code, specs, price in fen, stock). */
export type ShopGoodsSku = Awaited<ReturnType<typeof getShopGoods>>['skus'][number];

async function requireCategory(db: Db, categoryId: number) {
  const category = await db.category.findUnique({ where: { id: categoryId }, select: { id: true } });
  if (!category) throw new AppError('BAD_REQUEST', `Category ${categoryId} does not exist`, 'UNKNOWN_CATEGORY');
}

export async function createGoods(container: Container, shopId: number, input: CreateGoodsInput, actor?: AuditActor) {
  const { db } = container;
  await requireCategory(db, input.categoryId);
  const spu = await db.spu.create({
    data: {
      shopId,
      categoryId: input.categoryId,
      title: input.title,
      subtitle: input.subtitle,
      description: input.description,
      images: input.images,
      specDefs: input.specDefs,
      skus: { create: input.skus.map(({ skuCode, specs, price, stock }) => ({ skuCode, specs, price, stock })) },
    },
    select: { id: true },
  });
  const created = await getShopGoods(db, shopId, spu.id);
  await audit(container, actor, 'goods.create', { type: 'goods', id: created.id, name: created.title }, null, goodsForAudit(created));
  return created;
}

/** After an SPU or its stock changes: drop its cached detail and refresh the rooms that carry it. */
async function goodsChanged(container: Container, spuId: number) {
  await container.kv.cache.del(goodsDetailCacheKey(spuId));
  for (const liveId of await roomsWithSpu(container.db, spuId)) await roomGoodsChanged(container, liveId);
}

export async function updateGoods(container: Container, shopId: number, input: UpdateGoodsInput, actor?: AuditActor) {
  const { db } = container;
  const current = await getShopGoods(db, shopId, input.spuId);
  await requireCategory(db, input.categoryId);
  const currentIds = new Set(current.skus.map((s) => s.id));
  const unknown = input.skus.find((s) => s.id !== undefined && !currentIds.has(s.id));
  if (unknown) throw new AppError('BAD_REQUEST', `SKU ${unknown.id} does not belong to goods ${input.spuId}`, 'UNKNOWN_SKU');
  const keptIds = new Set(input.skus.flatMap((s) => (s.id ? [s.id] : [])));
  const removed = current.skus.filter((s) => !keptIds.has(s.id)).map((s) => s.id);
  // A running or coming flash sale stays a discount: the regular price may not drop to its flash price.
  const flash = await db.flashSku.findMany({ where: { skuId: { in: [...keptIds] }, flashSale: { status: { in: ['SCHEDULED', 'ACTIVE'] } } }, select: { skuId: true, flashPrice: true } });
  for (const f of flash) {
    const sku = input.skus.find((s) => s.id === f.skuId)!;
    if (sku.price <= f.flashPrice) {
      throw new AppError('BAD_REQUEST', `The price of ${sku.skuCode} must stay above its flash price while the sale runs`, 'PRICE_NOT_ABOVE_FLASH', {
        params: { skuCode: sku.skuCode, flashPrice: yuanParam(f.flashPrice) },
      });
    }
  }

  await db.$transaction(async (tx) => {
    if (removed.length) {
      const used = await tx.sku.findFirst({
        where: { id: { in: removed }, OR: [{ orderItems: { some: {} } }, { flashSkus: { some: {} } }] },
        select: { skuCode: true },
      });
      if (used) throw new AppError('CONFLICT', `SKU ${used.skuCode} has orders or a flash sale: set its stock to 0 instead of removing it`, 'SKU_IN_USE', { params: { skuCode: used.skuCode } });
      await tx.sku.deleteMany({ where: { id: { in: removed } } });
    }
    await tx.spu.update({
      where: { id: input.spuId },
      data: {
        title: input.title,
        subtitle: input.subtitle,
        description: input.description,
        categoryId: input.categoryId,
        images: input.images,
        specDefs: input.specDefs,
      },
    });
    // Codes may swap between SKUs: free them first so the unique (spu, code) index holds throughout.
    for (const sku of input.skus.filter((s) => s.id)) {
      await tx.sku.update({ where: { id: sku.id }, data: { skuCode: `~${sku.id}` } });
    }
    for (const sku of input.skus) {
      const data = { skuCode: sku.skuCode, specs: sku.specs, price: sku.price };
      if (sku.id) {
        await tx.sku.update({ where: { id: sku.id }, data });
        // Stock belongs to inventory.
        await container.inventory.setStock(tx, sku.id, sku.stock);
      } else await tx.sku.create({ data: { ...data, stock: sku.stock, spuId: input.spuId } });
    }
  });
  await goodsChanged(container, input.spuId);
  const updated = await getShopGoods(db, shopId, input.spuId);
  await audit(container, actor, 'goods.update', { type: 'goods', id: updated.id, name: updated.title }, goodsForAudit(current), goodsForAudit(updated));
  return updated;
}

/**
 * Mid-stream stock change of one SKU (the seed's 设置库存). `stock` is what is still for sale:
 * units sold or held by unpaid orders — and flash stock — were already taken out of it when
 * they were ordered or carved, so any value from 0 keeps them safe.
 */
export async function changeStock(container: Container, shopId: number, input: ChangeStockInput, actor?: AuditActor) {
  const { db } = container;
  const sku = await db.sku.findUnique({ where: { id: input.skuId }, select: { id: true, spuId: true, skuCode: true, stock: true, spu: { select: { shopId: true, title: true } } } });
  if (!sku || sku.spu.shopId !== shopId) throw new AppError('NOT_FOUND', `SKU ${input.skuId} does not exist in your shop`);
  const updated = await container.inventory.setStock(db, sku.id, input.stock);
  await goodsChanged(container, sku.spuId);
  await audit(container, actor, 'stock.set', { type: 'sku', id: sku.id, name: `${sku.spu.title} ${sku.skuCode}` }, { stock: sku.stock }, { stock: updated.stock });
  return updated;
}

interface CachedDetail {
  id: number;
  shopId: number;
  shop: string;
  title: string;
  subtitle: string;
  description: string;
  images: string[];
  specDefs: SpecDef[];
  skus: { id: number; skuCode: string; specs: Record<string, string>; price: number; stock: number }[];
}

async function loadDetail(container: Container, spuId: number): Promise<CachedDetail> {
  const key = goodsDetailCacheKey(spuId);
  const cached = await container.kv.cache.get<CachedDetail>(key);
  if (cached) return cached;
  const spu = await container.db.spu.findUnique({
    where: { id: spuId },
    select: {
      id: true,
      shopId: true,
      status: true,
      shop: { select: { name: true } },
      title: true,
      subtitle: true,
      description: true,
      images: true,
      specDefs: true,
      skus: { select: { id: true, skuCode: true, specs: true, price: true, stock: true }, orderBy: { id: 'asc' } },
    },
  });
  if (!spu || spu.status !== 'ACTIVE') throw new AppError('NOT_FOUND', `Goods ${spuId} does not exist`);
  const detail: CachedDetail = {
    id: spu.id,
    shopId: spu.shopId,
    shop: spu.shop.name,
    title: spu.title,
    subtitle: spu.subtitle,
    description: spu.description,
    images: spu.images,
    specDefs: spu.specDefs as unknown as SpecDef[],
    skus: spu.skus.map((s) => ({ ...s, specs: s.specs as Record<string, string> })),
  };
  await container.kv.cache.set(key, detail, DETAIL_TTL_SECONDS);
  return detail;
}

/**
 * The viewer's goods detail (商详页). Visible only while the SPU is on the shelf of a scheduled
 * or live room — the one in the deep link when given. Flash prices apply when that room runs one.
 */
export async function getGoodsDetail(container: Container, input: GoodsDetailInput) {
  const { db } = container;
  const placements = await db.liveRoomGoods.findMany({
    where: { spuId: input.spuId, onShelf: true, live: { status: { in: ['SCHEDULED', 'LIVE'] } }, ...(input.liveId ? { liveId: input.liveId } : {}) },
    select: { id: true, liveId: true, isWelfare: true, live: { select: { title: true, status: true } } },
    orderBy: { id: 'asc' },
  });
  // Without a room in the link, the one live now is the one the viewer means.
  const placement = placements.find((p) => p.live.status === 'LIVE') ?? placements[0];
  if (!placement) {
    throw new AppError('NOT_FOUND', input.liveId ? `Goods ${input.spuId} is not on sale in live room ${input.liveId}` : `Goods ${input.spuId} is not on sale`);
  }
  const detail = await loadDetail(container, input.spuId);
  const badge = (await activeFlashByRoomGoods(db, placement.liveId)).get(placement.id);
  // Flash prices apply while the sale runs; a coming sale only shows its countdown.
  const flashSkus =
    badge?.status === 'ACTIVE'
      ? await db.flashSku.findMany({
          where: { flashSaleId: badge.flashSaleId },
          select: { id: true, skuId: true, flashPrice: true, flashStock: true, sold: true, perUserLimit: true },
        })
      : [];
  const flashBySku = new Map(flashSkus.map((f) => [f.skuId, f]));
  const skus = detail.skus.map((sku) => {
    const flash = flashBySku.get(sku.id);
    const available = buyableUnits(sku.stock, flash ? flash.flashStock - flash.sold : undefined);
    return {
      id: sku.id,
      skuCode: sku.skuCode,
      specs: sku.specs,
      price: sku.price,
      flashSkuId: flash?.id ?? null,
      flashPrice: flash?.flashPrice ?? null,
      perUserLimit: flash?.perUserLimit ?? null,
      stock: available,
      stockState: stockState(available),
    };
  });
  return {
    id: detail.id,
    shop: detail.shop,
    title: detail.title,
    subtitle: detail.subtitle,
    description: detail.description,
    images: detail.images,
    specDefs: detail.specDefs,
    live: { id: placement.liveId, title: placement.live.title, status: placement.live.status },
    isWelfare: placement.isWelfare,
    flash: badge ? { flashSaleId: badge.flashSaleId, status: badge.status, startsAt: badge.startsAt, endsAt: badge.endsAt } : null,
    // Sold out only when every SKU is; each SKU carries its own state for the picker.
    stockState: stockState(skus.reduce((sum, s) => sum + s.stock, 0)),
    skus,
  };
}
export type GoodsDetail = Awaited<ReturnType<typeof getGoodsDetail>>;
