// Catalog: categories, SPUs and SKUs of a shop (the seed's 商品微服务).
import type { Db } from '@/server/db/client';
import type { ListShopGoodsInput } from './catalog.schema';

export interface GoodsSummary {
  id: number;
  title: string;
  cover: string | null;
  category: string;
  skuCount: number;
  minPrice: number; // fen
  maxPrice: number; // fen
  totalStock: number;
}

export function summarizeSkus(skus: { price: number; stock: number }[]) {
  const prices = skus.map((s) => s.price);
  return {
    skuCount: skus.length,
    minPrice: prices.length ? Math.min(...prices) : 0,
    maxPrice: prices.length ? Math.max(...prices) : 0,
    totalStock: skus.reduce((sum, s) => sum + s.stock, 0),
  };
}

export async function listShopGoods(db: Db, shopId: number, input: ListShopGoodsInput) {
  const where = {
    shopId,
    status: 'ACTIVE' as const,
    ...(input.categoryId ? { categoryId: input.categoryId } : {}),
    ...(input.search ? { title: { contains: input.search, mode: 'insensitive' as const } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.spu.count({ where }),
    db.spu.findMany({
      where,
      select: {
        id: true,
        title: true,
        images: true,
        category: { select: { name: true } },
        skus: { select: { price: true, stock: true } },
      },
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
    ...summarizeSkus(row.skus),
  }));
  return { items, total, page: input.page, pageSize: input.pageSize };
}
