import { z } from 'zod';
import { dbId } from '@/server/validation';

const id = dbId;

export const addressInput = z.object({
  name: z.string({ error: 'invalid.address.nameRequired' }).trim().min(1, 'invalid.address.nameRequired').max(40, 'invalid.address.nameTooLong'),
  phone: z.string({ error: 'invalid.address.phone' }).trim().regex(/^1\d{10}$/, 'invalid.address.phone'),
  region: z.string({ error: 'invalid.address.regionRequired' }).trim().min(1, 'invalid.address.regionRequired').max(80, 'invalid.address.regionTooLong'),
  detail: z.string({ error: 'invalid.address.detailRequired' }).trim().min(1, 'invalid.address.detailRequired').max(200, 'invalid.address.detailTooLong'),
});
export type AddressInput = z.infer<typeof addressInput>;

/**
 * The order request. Strict: a client-sent price, user id or status is refused, not ignored —
 * the price comes from the server and the user from the session.
 */
export const createOrderInput = z.strictObject({
  liveId: id,
  skuId: id,
  /** The flash SKU when buying in a flash sale (from the quote). */
  flashSkuId: id.optional(),
  quantity: z.number({ error: 'invalid.order.quantityRequired' }).int('invalid.order.quantityWhole').min(1, 'invalid.order.quantityMin').max(99, 'invalid.order.quantityMax'),
  /** One per purchase intent: retries with the same key get the same order. */
  idempotencyKey: z.string().trim().min(8, 'invalid.request').max(64, 'invalid.request').regex(/^[A-Za-z0-9_-]+$/, 'invalid.request'),
  address: addressInput,
  sourceType: z.enum(['live', 'share', 'search']).optional(),
  trackingCode: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
  /** Links the order to the click trace (seed: trace_id in the jump parameters). */
  traceId: z.string().trim().max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
});
export type CreateOrderInput = z.infer<typeof createOrderInput>;

export const orderSnInput = z.object({ orderSn: z.string().trim().regex(/^\d{18,32}$/, 'invalid.order.sn') });

export const quoteInput = z.object({ liveId: id, skuId: id });

export const roomOrdersInput = z.object({ liveId: id, limit: z.number().int().min(1).max(200).default(50) });
