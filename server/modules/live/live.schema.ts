import { z } from 'zod';
import { dbId } from '@/server/validation';

const id = dbId;

export const liveIdInput = z.object({ liveId: id });
export type LiveIdInput = z.infer<typeof liveIdInput>;

export const createRoomInput = z.object({
  title: z.string().trim().min(1, 'invalid.room.titleRequired').max(80, 'invalid.room.titleTooLong'),
  scheduledAt: z.coerce.date({ error: 'invalid.room.scheduledAt' }).optional(),
});
export type CreateRoomInput = z.infer<typeof createRoomInput>;

export const pinInput = z.object({
  liveId: id,
  /** The room item to pin; null unpins. */
  roomGoodsId: id.nullable(),
});
export type PinInput = z.infer<typeof pinInput>;

export const addGoodsInput = z.object({
  liveId: id,
  spuIds: z.array(id).min(1, 'invalid.room.goodsRequired').max(50, 'invalid.room.tooManyGoods'),
});
export type AddGoodsInput = z.infer<typeof addGoodsInput>;

export const roomGoodsInput = z.object({ liveId: id, roomGoodsId: id });
export type RoomGoodsInput = z.infer<typeof roomGoodsInput>;

export const reorderInput = z.object({
  liveId: id,
  /** Every item of the room, in the new order. */
  roomGoodsIds: z.array(id).min(1).max(500),
});
export type ReorderInput = z.infer<typeof reorderInput>;

export const shelfInput = roomGoodsInput.extend({ onShelf: z.boolean() });
export type ShelfInput = z.infer<typeof shelfInput>;

export const welfareInput = roomGoodsInput.extend({ isWelfare: z.boolean() });
export type WelfareInput = z.infer<typeof welfareInput>;
