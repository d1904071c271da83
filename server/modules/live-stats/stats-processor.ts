// LiveOrderStatisticProcessor: applies order events to the stream and recomputes the affected
// aggregates — live_goods_sales per live × SKU and live_room_stats per room — in one
// transaction. Events merged by (order_sn, sku): the furthest status wins, so duplicates and
// reordering change nothing, and a batch gives the same totals as one event at a time.
import type { Prisma } from '@/server/db/generated/client';
import { statusOf, type OrderEventPayload, type OrderEventType } from './order-events';

type Tx = Prisma.TransactionClient;

export interface ParsedEvent {
  type: OrderEventType;
  payload: OrderEventPayload;
}

const RANK = { PENDING: 0, PAID: 1, CANCELLED: 2 } as const;

interface Line {
  sn: string;
  sku: number;
  live: number;
  spu: number;
  user: number;
  qty: number;
  amount: number;
  status: 'PENDING' | 'PAID' | 'CANCELLED';
  pin: number | null;
  time: string;
}

export function mergeLines(events: ParsedEvent[]): Line[] {
  const lines = new Map<string, Line>();
  for (const { type, payload } of events) {
    const status = statusOf[type];
    for (const item of payload.goods_items) {
      const key = `${payload.order_sn}:${item.sku_id}`;
      const known = lines.get(key);
      if (known && RANK[known.status] >= RANK[status]) continue;
      lines.set(key, {
        sn: payload.order_sn,
        sku: item.sku_id,
        live: payload.live_id,
        spu: item.spu_id,
        user: payload.user_id,
        qty: item.quantity,
        amount: item.amount,
        status,
        pin: payload.pin_segment_id,
        time: payload.order_time,
      });
    }
  }
  return [...lines.values()];
}

export interface ApplyHooks {
  /** Test hook: runs between writing the stream and the aggregates (a crash there must leave nothing). */
  afterStream?: () => void | Promise<void>;
}

export interface AppliedEvents {
  /** The rooms whose numbers changed. */
  liveIds: number[];
  /**
   * The events' orders that no longer stand (cancelled or expired) as the stream has them after
   * this write — also when the cancel came in an earlier step than the creation.
   */
  cancelled: Set<string>;
}

/** One merged write for any number of events. */
export async function applyOrderEvents(tx: Tx, events: ParsedEvent[], hooks: ApplyHooks = {}): Promise<AppliedEvents> {
  const lines = mergeLines(events);
  if (lines.length === 0) return { liveIds: [], cancelled: new Set() };
  const col = <K extends keyof Line>(k: K) => lines.map((l) => l[k]);
  // GREATEST on the enum keeps the furthest state (PENDING < PAID < CANCELLED).
  const stream = await tx.$queryRaw<{ sn: string; status: string }[]>`
    INSERT INTO live_order_stream (order_sn, sku_id, live_id, spu_id, user_id, order_quantity, amount, status, pin_segment_id, order_time)
    SELECT t.sn, t.sku, t.live, t.spu, t.usr, t.qty, t.amount, t.status::"StreamStatus", t.pin, t.time::timestamptz
    FROM unnest(${col('sn')}::text[], ${col('sku')}::int[], ${col('live')}::int[], ${col('spu')}::int[], ${col('user')}::int[],
                ${col('qty')}::int[], ${col('amount')}::int[], ${col('status')}::text[], ${col('pin')}::int[], ${col('time')}::text[])
      AS t(sn, sku, live, spu, usr, qty, amount, status, pin, time)
    ON CONFLICT (order_sn, sku_id) DO UPDATE SET status = GREATEST(live_order_stream.status, EXCLUDED.status)
    RETURNING order_sn AS sn, status::text AS status`;
  await hooks.afterStream?.();

  const keys = [...new Map(lines.map((l) => [`${l.live}:${l.sku}`, [l.live, l.sku] as const])).values()];
  const liveIds = [...new Set(lines.map((l) => l.live))];
  await tx.$executeRaw`
    INSERT INTO live_goods_sales (live_id, sku_id, spu_id, total_sales, uv, gmv, paid_sales, updated_at)
    SELECT s.live_id, s.sku_id, max(s.spu_id),
           coalesce(sum(s.order_quantity) FILTER (WHERE s.status <> 'CANCELLED'), 0),
           count(DISTINCT s.user_id) FILTER (WHERE s.status <> 'CANCELLED'),
           coalesce(sum(s.amount) FILTER (WHERE s.status <> 'CANCELLED'), 0),
           coalesce(sum(s.order_quantity) FILTER (WHERE s.status = 'PAID'), 0),
           now()
    FROM live_order_stream s
    JOIN unnest(${keys.map((k) => k[0])}::int[], ${keys.map((k) => k[1])}::int[]) AS k(live_id, sku_id) ON s.live_id = k.live_id AND s.sku_id = k.sku_id
    GROUP BY s.live_id, s.sku_id
    ON CONFLICT (live_id, sku_id) DO UPDATE SET spu_id = EXCLUDED.spu_id, total_sales = EXCLUDED.total_sales, uv = EXCLUDED.uv,
      gmv = EXCLUDED.gmv, paid_sales = EXCLUDED.paid_sales, updated_at = now()`;
  await tx.$executeRaw`
    INSERT INTO live_room_stats (live_id, orders, paid_orders, buyers, gmv, paid_gmv, updated_at)
    SELECT s.live_id,
           count(DISTINCT s.order_sn) FILTER (WHERE s.status <> 'CANCELLED'),
           count(DISTINCT s.order_sn) FILTER (WHERE s.status = 'PAID'),
           count(DISTINCT s.user_id) FILTER (WHERE s.status <> 'CANCELLED'),
           coalesce(sum(s.amount) FILTER (WHERE s.status <> 'CANCELLED'), 0),
           coalesce(sum(s.amount) FILTER (WHERE s.status = 'PAID'), 0),
           now()
    FROM live_order_stream s WHERE s.live_id = ANY(${liveIds}::int[])
    GROUP BY s.live_id
    ON CONFLICT (live_id) DO UPDATE SET orders = EXCLUDED.orders, paid_orders = EXCLUDED.paid_orders, buyers = EXCLUDED.buyers,
      gmv = EXCLUDED.gmv, paid_gmv = EXCLUDED.paid_gmv, updated_at = now()`;
  return { liveIds, cancelled: new Set(stream.filter((r) => r.status === 'CANCELLED').map((r) => r.sn)) };
}
