import { z } from 'zod';

export const liveIdInput = z.object({ liveId: z.number().int().positive() });
export type LiveIdInput = z.infer<typeof liveIdInput>;

export const pinInput = z.object({
  liveId: z.number().int().positive(),
  /** The room item to pin; null unpins. */
  roomGoodsId: z.number().int().positive().nullable(),
});
export type PinInput = z.infer<typeof pinInput>;
