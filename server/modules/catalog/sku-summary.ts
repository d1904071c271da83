// Price range and stock of an SPU from its SKUs (fen, units).
export function summarizeSkus(skus: { price: number; stock: number }[]) {
  const prices = skus.map((s) => s.price);
  return {
    skuCount: skus.length,
    minPrice: prices.length ? Math.min(...prices) : 0,
    maxPrice: prices.length ? Math.max(...prices) : 0,
    totalStock: skus.reduce((sum, s) => sum + s.stock, 0),
  };
}

export const LOW_STOCK_THRESHOLD = 10;

export type StockState = 'in_stock' | 'low' | 'sold_out';

export function stockState(units: number): StockState {
  if (units <= 0) return 'sold_out';
  return units <= LOW_STOCK_THRESHOLD ? 'low' : 'in_stock';
}
