// Recomputes the board's aggregates from the orders themselves (what the seed's materialized
// view did): the orders are the truth, the stream and the aggregates are rebuilt to match.
// Reports what differed.
import type { Container } from '@/server/container';
import type { OrderEventType } from './order-events';
import { applyOrderEvents, type ParsedEvent } from './stats-processor';

export interface StatsDrift {
  liveId: number;
  skuId: number;
  field: 'total_sales' | 'uv' | 'gmv' | 'paid_sales';
  was: number;
  is: number;
}

const typeOf: Record<'PENDING_PAYMENT' | 'PAID' | 'CANCELLED' | 'EXPIRED', OrderEventType> = {
  PENDING_PAYMENT: 'OrderCreatedEvent',
  PAID: 'OrderPaidEvent',
  CANCELLED: 'OrderCancelledEvent',
  EXPIRED: 'OrderCancelledEvent',
};

export async function reconcileStats(container: Container, liveId?: number): Promise<StatsDrift[]> {
  const { db, log } = container;
  const where = liveId ? { liveId } : { liveId: { not: null } };
  const before = await db.liveGoodsSales.findMany({ where: liveId ? { liveId } : {} });
  const orders = await db.order.findMany({
    where,
    select: { orderSn: true, liveId: true, userId: true, status: true, createdAt: true, pinSegmentId: true, items: { select: { skuId: true, spuId: true, quantity: true, amount: true } } },
  });
  const events: ParsedEvent[] = orders.map((o) => ({
    type: typeOf[o.status],
    payload: {
      order_sn: o.orderSn,
      live_id: o.liveId!,
      user_id: o.userId,
      order_time: o.createdAt.toISOString(),
      pin_segment_id: o.pinSegmentId,
      goods_items: o.items.map((i) => ({ sku_id: i.skuId, spu_id: i.spuId, quantity: i.quantity, amount: i.amount })),
    },
  }));
  await db.$transaction(
    async (tx) => {
      // The orders' states are the truth: reset the stream's so cancelled-then-recreated history cannot linger.
      if (liveId) await tx.liveOrderStream.deleteMany({ where: { liveId } });
      else await tx.liveOrderStream.deleteMany({});
      for (let i = 0; i < events.length; i += 500) await applyOrderEvents(tx, events.slice(i, i + 500));
    },
    { timeout: 120_000 },
  );
  // The last-60-s window counts only orders that still stand (it keeps a few minutes at most).
  const windowFrom = Date.now() - 5 * 60_000;
  const gone = new Map<number, string[]>();
  for (const o of orders) {
    if ((o.status !== 'CANCELLED' && o.status !== 'EXPIRED') || o.createdAt.getTime() < windowFrom) continue;
    gone.set(o.liveId!, [...(gone.get(o.liveId!) ?? []), o.orderSn]);
  }
  await Promise.all([...gone].map(([id, sns]) => container.kv.recentOrders.remove(id, sns))).catch((error: unknown) =>
    log.warn({ err: error }, 'recent orders window repair failed'),
  );
  const after = await db.liveGoodsSales.findMany({ where: liveId ? { liveId } : {} });
  const was = new Map(before.map((r) => [`${r.liveId}:${r.skuId}`, r]));
  const drifts: StatsDrift[] = [];
  for (const row of after) {
    const old = was.get(`${row.liveId}:${row.skuId}`);
    for (const [field, key] of [['total_sales', 'totalSales'], ['uv', 'uv'], ['gmv', 'gmv'], ['paid_sales', 'paidSales']] as const) {
      const prev = old ? old[key] : 0;
      if (prev !== row[key]) drifts.push({ liveId: row.liveId, skuId: row.skuId, field, was: prev, is: row[key] });
    }
  }
  if (drifts.length) log.warn({ drifts: drifts.slice(0, 20), count: drifts.length }, 'live statistics drifted from the orders; repaired');
  return drifts;
}
