// Price range and stock of an SPU from its SKUs (fen, units), and what a viewer can still buy.
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

/**
 * Units of one SKU a viewer can buy now: while a flash sale runs on the SKU it sells only its
 * flash stock (at the flash price), else its regular stock.
 */
export function buyableUnits(stock: number, flashRemaining: number | undefined): number {
  return Math.max(0, flashRemaining ?? stock);
}

/**
 * Units of an item a viewer can buy now, over all its SKUs. Sold out is per SKU: the item is
 * sold out only when every SKU is, so one SKU at 0 (a sold-out flash SKU among regular ones)
 * leaves the item buyable.
 */
export function buyableItemUnits(skus: { id: number; stock: number }[], flashRemainingBySku: ReadonlyMap<number, number>): number {
  return skus.reduce((sum, s) => sum + buyableUnits(s.stock, flashRemainingBySku.get(s.id)), 0);
}
