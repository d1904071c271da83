import { z } from 'zod';
import { dbId } from '@/server/validation';

const id = dbId;

export const addressInput = z.object({
  name: z.string().trim().min(1, 'Enter the receiver’s name').max(40, 'At most 40 characters'),
  phone: z.string().trim().regex(/^1\d{10}$/, 'Enter an 11-digit mobile number starting with 1'),
  region: z.string().trim().min(1, 'Enter the province / city / district').max(80, 'At most 80 characters'),
  detail: z.string().trim().min(1, 'Enter the street address').max(200, 'At most 200 characters'),
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
  quantity: z.number({ error: 'Enter a quantity' }).int('The quantity must be a whole number').min(1, 'The quantity must be at least 1').max(99, 'At most 99 at once'),
  /** One per purchase intent: retries with the same key get the same order. */
  idempotencyKey: z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, - and _ only'),
  address: addressInput,
  sourceType: z.enum(['live', 'share', 'search']).optional(),
  trackingCode: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
  /** Links the order to the click trace (seed: trace_id in the jump parameters). */
  traceId: z.string().trim().max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
});
export type CreateOrderInput = z.infer<typeof createOrderInput>;

export const orderSnInput = z.object({ orderSn: z.string().trim().regex(/^\d{18,32}$/, 'Not an order number') });

export const quoteInput = z.object({ liveId: id, skuId: id });

export const roomOrdersInput = z.object({ liveId: id, limit: z.number().int().min(1).max(200).default(50) });
