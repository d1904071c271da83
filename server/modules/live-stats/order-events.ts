// The order events of the outbox. Every event carries the whole order line, so the stats
// processor can apply events in any order and any number of times (idempotent by order_sn).
import { z } from 'zod';

export const ORDER_EVENT_TYPES = ['OrderCreatedEvent', 'OrderPaidEvent', 'OrderCancelledEvent'] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

export const orderEventPayload = z.object({
  order_sn: z.string().regex(/^\d{18,32}$/),
  live_id: z.number().int().positive(),
  user_id: z.number().int().positive(),
  order_time: z.iso.datetime(),
  pin_segment_id: z.number().int().positive().nullable().default(null),
  goods_items: z
    .array(z.object({ sku_id: z.number().int().positive(), spu_id: z.number().int().positive(), quantity: z.number().int().positive(), amount: z.number().int().min(0) }))
    .min(1),
});
export type OrderEventPayload = z.infer<typeof orderEventPayload>;

/** What each event says about the order; the stream keeps the furthest state seen. */
export const statusOf: Record<OrderEventType, 'PENDING' | 'PAID' | 'CANCELLED'> = {
  OrderCreatedEvent: 'PENDING',
  OrderPaidEvent: 'PAID',
  OrderCancelledEvent: 'CANCELLED',
};

export interface OrderLike {
  orderSn: string;
  liveId: number | null;
  userId: number;
  createdAt: Date;
  pinSegmentId: number | null;
  items: { skuId: number; spuId: number; quantity: number; amount: number }[];
}

export function orderEvent(type: OrderEventType, order: OrderLike) {
  const payload: OrderEventPayload = {
    order_sn: order.orderSn,
    live_id: order.liveId!,
    user_id: order.userId,
    order_time: order.createdAt.toISOString(),
    pin_segment_id: order.pinSegmentId,
    goods_items: order.items.map((i) => ({ sku_id: i.skuId, spu_id: i.spuId, quantity: i.quantity, amount: i.amount })),
  };
  return { type, aggregateId: order.orderSn, liveId: order.liveId, payload };
}

/** Wakes the relays of every instance (Redis pub/sub, or in-process). */
export const OUTBOX_WAKE_CHANNEL = 'outbox:wake';
