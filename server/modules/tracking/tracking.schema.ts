import { z } from 'zod';
import { dbId } from '@/server/validation';

const id = dbId;

// Strict: a funnel event is these fields and nothing else.
export const trackInput = z.strictObject({
  type: z.enum(['CART_OPEN', 'CARD_CLICK', 'DETAIL_VIEW']),
  liveId: id,
  spuId: id.optional(),
  skuId: id.optional(),
  /** Identifies one click on a card; travels in the deep link. */
  trackingCode: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
  sourceType: z.enum(['live', 'share', 'search']).optional(),
});
export type TrackInput = z.infer<typeof trackInput>;
