// An order's trail for ops (the seed: 从直播间点击到浏览再到下单支付): the card click and the
// detail views of the same trace (its W3C trace id, else the click's tracking code), the order,
// its payment or end — each with its time. Read from the database, so it works without a
// tracing backend; the same trace id finds the spans in one when OTLP export is on.
import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';

export type TrailStep = 'ROOM_ENTER' | 'CART_OPEN' | 'CARD_CLICK' | 'DETAIL_VIEW' | 'WANT' | 'ORDERED' | 'PAID' | 'CANCELLED' | 'EXPIRED';

export interface OrderTrail {
  orderSn: string;
  status: string;
  liveId: number | null;
  traceId: string | null;
  trackingCode: string | null;
  sourceType: string | null;
  totalAmount: number;
  title: string;
  steps: { step: TrailStep; at: string }[];
}

export async function orderTrail(db: Db, orderSn: string): Promise<OrderTrail> {
  const order = await db.order.findUnique({
    where: { orderSn },
    select: { orderSn: true, status: true, liveId: true, traceId: true, trackingCode: true, sourceType: true, totalAmount: true, createdAt: true, paidAt: true, updatedAt: true, items: { select: { title: true }, take: 1 } },
  });
  if (!order) throw new AppError('NOT_FOUND', `Order ${orderSn} does not exist`);
  const same = order.traceId ? { traceId: order.traceId } : order.trackingCode ? { trackingCode: order.trackingCode } : null;
  const events = same
    ? await db.trackingEvent.findMany({
        where: { ...same, ...(order.liveId ? { liveId: order.liveId } : {}), createdAt: { lte: order.paidAt ?? order.updatedAt } },
        select: { type: true, createdAt: true },
        orderBy: { createdAt: 'asc' },
        take: 50,
      })
    : [];
  const steps: OrderTrail['steps'] = events.map((e) => ({ step: e.type, at: e.createdAt.toISOString() }));
  steps.push({ step: 'ORDERED', at: order.createdAt.toISOString() });
  if (order.paidAt) steps.push({ step: 'PAID', at: order.paidAt.toISOString() });
  if (order.status === 'CANCELLED' || order.status === 'EXPIRED') steps.push({ step: order.status, at: order.updatedAt.toISOString() });
  steps.sort((a, b) => a.at.localeCompare(b.at));
  return {
    orderSn: order.orderSn,
    status: order.status,
    liveId: order.liveId,
    traceId: order.traceId,
    trackingCode: order.trackingCode,
    sourceType: order.sourceType,
    totalAmount: order.totalAmount,
    title: order.items[0]?.title ?? '',
    steps,
  };
}
