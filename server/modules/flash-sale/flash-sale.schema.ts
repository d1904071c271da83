import { z } from 'zod';
import { MAX_PRICE_FEN } from '@/server/modules/catalog/catalog.schema';
import { dbId } from '@/server/validation';

const id = dbId;

export const flashSkuInput = z.object({
  skuId: id,
  flashPrice: z.number({ error: 'invalid.flash.priceRequired' }).int('invalid.price.decimals').positive('invalid.flash.pricePositive').max(MAX_PRICE_FEN, 'invalid.price.tooHigh'),
  flashStock: z.number({ error: 'invalid.flash.stockRequired' }).int('invalid.flash.stockWhole').min(1, 'invalid.flash.stockMin').max(1_000_000, 'invalid.flash.stockMax'),
  perUserLimit: z.number({ error: 'invalid.flash.limitRequired' }).int('invalid.flash.limitWhole').min(1, 'invalid.flash.limitMin').max(99, 'invalid.flash.limitMax'),
});
export type FlashSkuInput = z.infer<typeof flashSkuInput>;

export const saleWindow = z.discriminatedUnion('kind', [
  /** Start right away, for a number of minutes. */
  z.object({ kind: z.literal('now'), durationMinutes: z.number({ error: 'invalid.sale.durationWhole' }).int('invalid.sale.durationWhole').min(1, 'invalid.sale.durationMin').max(24 * 60, 'invalid.sale.durationMax') }),
  /** Start and end at set times (the scheduler starts and ends it). */
  z
    .object({ kind: z.literal('scheduled'), startsAt: z.coerce.date({ error: 'invalid.sale.startRequired' }), endsAt: z.coerce.date({ error: 'invalid.sale.endRequired' }) })
    .refine((w) => w.endsAt > w.startsAt, { path: ['endsAt'], message: 'invalid.sale.endBeforeStart' }),
]);
export type SaleWindow = z.infer<typeof saleWindow>;

export const createSaleInput = z.object({
  liveId: id,
  roomGoodsId: id,
  window: saleWindow,
  /** Seconds a buyer has to pay a flash order before it is cancelled. */
  payWindowSeconds: z.number().int().min(30, 'invalid.sale.payWindowMin').max(3600, 'invalid.sale.payWindowMax').default(600),
  skus: z.array(flashSkuInput).min(1, 'invalid.flash.skusRequired').max(50, 'invalid.sku.tooMany'),
}).superRefine((v, ctx) => {
  const seen = new Set<number>();
  v.skus.forEach((s, i) => {
    if (seen.has(s.skuId)) ctx.addIssue({ code: 'custom', path: ['skus', i, 'skuId'], message: 'invalid.flash.skuTwice' });
    seen.add(s.skuId);
  });
});
export type CreateSaleInput = z.infer<typeof createSaleInput>;

export const saleIdInput = z.object({ flashSaleId: id });

export const adjustFlashStockInput = z.object({
  flashSkuId: id,
  flashStock: z.number({ error: 'invalid.flash.stockRequired' }).int('invalid.flash.stockWhole').min(0, 'invalid.stock.negative').max(1_000_000, 'invalid.flash.stockMax'),
});
export type AdjustFlashStockInput = z.infer<typeof adjustFlashStockInput>;

export const roomSalesInput = z.object({ liveId: id });
