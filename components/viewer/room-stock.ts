import { stockState } from '@/server/modules/catalog/sku-summary';
import type { RoomItem } from '@/server/modules/live/room-view';
import type { ItemStock } from '@/server/realtime/events';

/**
 * An item's stock figures from a `goods:stock` snapshot. A flash SKU whose own push
 * (`stock:changed`) is newer than the snapshot keeps its figure, and the item's total follows
 * it, so displayed stock never goes back in time.
 */
export function withItemStock(item: RoomItem, s: ItemStock, newerThanSnapshot: (flashSkuId: number) => boolean): RoomItem {
  let available = s.available;
  let flash = item.flash;
  if (flash && s.flash && s.flash.flashSaleId === flash.flashSaleId) {
    const active = flash.status === 'ACTIVE';
    const skus = flash.skus.map((k) => {
      const snap = s.flash!.skus.find((f) => f.flashSkuId === k.flashSkuId);
      if (!snap) return k;
      if (!newerThanSnapshot(k.flashSkuId)) return { ...k, remaining: snap.remaining };
      if (active) available += Math.max(0, k.remaining) - Math.max(0, snap.remaining);
      return k;
    });
    flash = { ...flash, skus, remaining: skus.reduce((n, k) => n + k.remaining, 0) };
  }
  return { ...item, available, totalStock: s.totalStock, stockState: stockState(available), flash };
}
