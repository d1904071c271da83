// How a changed thing is written in the audit log: the fields a person changes, with SKUs by
// their code, so that changedOnly() leaves just what moved ("TEE-01": price 5900 → 4900).
import type { Db } from '@/server/db/client';

interface GoodsLike {
  title: string;
  subtitle: string;
  description: string;
  categoryId: number;
  images: string[];
  specDefs: unknown;
  skus: { skuCode: string; specs: unknown; price: number; stock: number }[];
}

export function goodsForAudit(goods: GoodsLike) {
  return {
    title: goods.title,
    subtitle: goods.subtitle,
    description: goods.description,
    categoryId: goods.categoryId,
    images: goods.images,
    specDefs: goods.specDefs,
    skus: Object.fromEntries(goods.skus.map((s) => [s.skuCode, { price: s.price, stock: s.stock, specs: s.specs }])),
  };
}

interface DeskLike {
  status: string;
  goods: { roomGoodsId: number; spuId: number; title: string; onShelf: boolean; isWelfare: boolean }[];
  pinned: { roomGoodsId: number } | null;
}

/** A room's goods bag in its order: what shelf, welfare, reorder, add and remove change. */
export function deskForAudit(desk: DeskLike) {
  return {
    status: desk.status,
    order: desk.goods.map((g) => g.roomGoodsId),
    goods: Object.fromEntries(desk.goods.map((g) => [g.roomGoodsId, { spuId: g.spuId, title: g.title, onShelf: g.onShelf, isWelfare: g.isWelfare }])),
    pinned: desk.pinned?.roomGoodsId ?? null,
  };
}

interface SaleLike {
  status: string;
  startsAt: Date;
  endsAt: Date;
  skus: { flashSkuId: number; skuId: number; flashStock: number; sold: number }[];
}

/** A flash sale as the log shows it: its state, window and each flash SKU's stock. */
export function saleForAudit(sale: SaleLike) {
  return {
    status: sale.status,
    startsAt: sale.startsAt,
    endsAt: sale.endsAt,
    skus: Object.fromEntries(sale.skus.map((s) => [s.flashSkuId, { skuId: s.skuId, flashStock: s.flashStock, sold: s.sold }])),
  };
}

/** The sale a flash SKU of the shop belongs to (for its state before a stock change), if any. */
export async function saleIdOfFlashSku(db: Db, shopId: number, flashSkuId: number): Promise<number | undefined> {
  const row = await db.flashSku.findFirst({ where: { id: flashSkuId, flashSale: { live: { shopId } } }, select: { flashSaleId: true } });
  return row?.flashSaleId;
}
