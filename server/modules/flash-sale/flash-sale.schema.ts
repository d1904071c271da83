import { z } from 'zod';
import { dbId } from '@/server/validation';

const id = dbId;

export const flashSkuInput = z.object({
  skuId: id,
  flashPrice: z.number({ error: 'Enter a flash price' }).int('Price must be in whole fen').positive('Flash price must be greater than 0').max(100_000_000),
  flashStock: z.number({ error: 'Enter the flash stock' }).int().min(1, 'Flash stock must be at least 1').max(1_000_000),
  perUserLimit: z.number({ error: 'Enter a per-user limit' }).int().min(1, 'The limit must be at least 1').max(99, 'The limit must be at most 99'),
});
export type FlashSkuInput = z.infer<typeof flashSkuInput>;

export const saleWindow = z.discriminatedUnion('kind', [
  /** Start right away, for a number of minutes. */
  z.object({ kind: z.literal('now'), durationMinutes: z.number().int().min(1, 'At least 1 minute').max(24 * 60, 'At most 24 hours') }),
  /** Start and end at set times (the scheduler starts and ends it). */
  z.object({ kind: z.literal('scheduled'), startsAt: z.coerce.date(), endsAt: z.coerce.date() }).refine((w) => w.endsAt > w.startsAt, {
    path: ['endsAt'],
    message: 'The end must be after the start',
  }),
]);
export type SaleWindow = z.infer<typeof saleWindow>;

export const createSaleInput = z.object({
  liveId: id,
  roomGoodsId: id,
  window: saleWindow,
  /** Seconds a buyer has to pay a flash order before it is cancelled. */
  payWindowSeconds: z.number().int().min(30, 'At least 30 seconds').max(3600, 'At most one hour').default(600),
  skus: z.array(flashSkuInput).min(1, 'Choose at least one SKU').max(50),
}).superRefine((v, ctx) => {
  const seen = new Set<number>();
  v.skus.forEach((s, i) => {
    if (seen.has(s.skuId)) ctx.addIssue({ code: 'custom', path: ['skus', i, 'skuId'], message: 'This SKU is listed twice' });
    seen.add(s.skuId);
  });
});
export type CreateSaleInput = z.infer<typeof createSaleInput>;

export const saleIdInput = z.object({ flashSaleId: id });

export const adjustFlashStockInput = z.object({ flashSkuId: id, flashStock: z.number().int().min(0).max(1_000_000) });
export type AdjustFlashStockInput = z.infer<typeof adjustFlashStockInput>;

export const roomSalesInput = z.object({ liveId: id });
