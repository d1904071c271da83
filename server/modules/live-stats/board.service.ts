// The sales board: per-room totals, per-SKU results, orders per second, the funnel, per-讲解
// attribution and the health of the event pipeline. Only ops and the room's own host see it.
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import { relayState } from './outbox-relay';
import { gpmOf } from '@/server/modules/audience/audience.service';
import { audienceRuntime } from '@/server/modules/audience/runtime';

export const WINDOW_MS = 60_000;
export const SERIES_SECONDS = 300;

/** Orders in the last 60 s: the window (now − 60 s, now]. */
export function lastMinuteRange(now: number): [number, number] {
  return [now - WINDOW_MS + 1, now];
}

export async function roomsOverview(container: Container, shopId: number | null) {
  const { db, kv } = container;
  const rooms = await db.liveSession.findMany({
    where: shopId === null ? {} : { shopId },
    select: { id: true, title: true, status: true, startedAt: true, shop: { select: { name: true } }, _count: { select: { goods: true } } },
    orderBy: [{ status: 'asc' }, { id: 'asc' }],
  });
  const stats = await db.liveRoomStats.findMany({ where: { liveId: { in: rooms.map((r) => r.id) } } });
  const byLive = new Map(stats.map((s) => [s.liveId, s]));
  const audience = await audienceRuntime(container).summaries(rooms.map((r) => r.id));
  const now = Date.now();
  return Promise.all(
    rooms.map(async (room) => {
      const s = byLive.get(room.id);
      const [from, to] = lastMinuteRange(now);
      return {
        id: room.id,
        title: room.title,
        status: room.status,
        shop: room.shop.name,
        goodsCount: room._count.goods,
        gmv: s?.gmv ?? 0,
        paidGmv: s?.paidGmv ?? 0,
        orders: s?.orders ?? 0,
        paidOrders: s?.paidOrders ?? 0,
        buyers: s?.buyers ?? 0,
        lastMinute: room.status === 'LIVE' ? await kv.recentOrders.count(room.id, from, to) : 0,
        ...audienceOf(audience.get(room.id), s),
      };
    }),
  );
}

/** A room's audience in the overview: online, entries, viewers, GPM and viewer → buyer conversion. */
function audienceOf(a: { online: number; entries: number; uv: number } | undefined, s: { gmv: number; buyers: number } | undefined) {
  const { online = 0, entries = 0, uv = 0 } = a ?? {};
  return { online, entries, uv, gpm: gpmOf(s?.gmv ?? 0, entries), conversion: uv > 0 ? (s?.buyers ?? 0) / uv : null };
}

/**
 * Orders in the last 60 s that still stand, alone: the figure falls as time passes with no
 * push to say so, and clients poll this much cheaper call for it while their page is visible.
 */
export async function recentOrderCount(container: Container, shopId: number | null, liveId: number, now = Date.now()) {
  await requireRoom(container.db, shopId, liveId);
  const [from, to] = lastMinuteRange(now);
  return { liveId, lastMinute: await container.kv.recentOrders.count(liveId, from, to), at: now };
}

async function requireRoom(db: Db, shopId: number | null, liveId: number) {
  const room = await db.liveSession.findUnique({ where: { id: liveId }, select: { id: true, title: true, status: true, shopId: true, startedAt: true, shop: { select: { name: true } } } });
  if (!room || (shopId !== null && room.shopId !== shopId)) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist in your shop`);
  return room;
}

export async function roomBoard(container: Container, shopId: number | null, liveId: number, now = Date.now()) {
  const { db, kv } = container;
  const room = await requireRoom(db, shopId, liveId);
  const [totals, skus, series, [from, to]] = await Promise.all([
    db.liveRoomStats.findUnique({ where: { liveId } }),
    db.liveGoodsSales.findMany({ where: { liveId }, orderBy: [{ gmv: 'desc' }, { skuId: 'asc' }] }),
    db.$queryRaw<{ second: Date; orders: number }[]>`
      SELECT date_trunc('second', order_time) AS second, count(DISTINCT order_sn)::int AS orders
      FROM live_order_stream WHERE live_id = ${liveId} AND order_time > ${new Date(now - SERIES_SECONDS * 1000)}
      GROUP BY 1 ORDER BY 1`,
    Promise.resolve(lastMinuteRange(now)),
  ]);
  const skuRows = await db.sku.findMany({
    where: { id: { in: skus.map((s) => s.skuId) } },
    select: { id: true, skuCode: true, specs: true, stock: true, spu: { select: { title: true } }, flashSkus: { where: { flashSale: { liveId, status: 'ACTIVE' } }, select: { flashStock: true, sold: true } } },
  });
  const info = new Map(skuRows.map((s) => [s.id, s]));
  return {
    room: { id: room.id, title: room.title, status: room.status, shop: room.shop.name, startedAt: room.startedAt },
    totals: { gmv: totals?.gmv ?? 0, paidGmv: totals?.paidGmv ?? 0, orders: totals?.orders ?? 0, paidOrders: totals?.paidOrders ?? 0, buyers: totals?.buyers ?? 0 },
    lastMinute: await kv.recentOrders.count(liveId, from, to),
    skus: skus.map((s) => {
      const sku = info.get(s.skuId);
      const flash = sku?.flashSkus[0];
      return {
        skuId: s.skuId,
        spuId: s.spuId,
        title: sku?.spu.title ?? `SKU ${s.skuId}`,
        skuCode: sku?.skuCode ?? '',
        specs: (sku?.specs ?? {}) as Record<string, string>,
        totalSales: s.totalSales,
        paidSales: s.paidSales,
        uv: s.uv,
        gmv: s.gmv,
        remainingStock: flash ? flash.flashStock - flash.sold : (sku?.stock ?? 0),
      };
    }),
    series: series.map((p) => ({ t: p.second.getTime(), orders: p.orders })),
  };
}

type FunnelCounts = { roomEntries: number; cartOpens: number; wants: number; cardClicks: number; detailViews: number; orders: number; paid: number };
const emptyFunnel = (): FunnelCounts => ({ roomEntries: 0, cartOpens: 0, wants: 0, cardClicks: 0, detailViews: 0, orders: 0, paid: 0 });

/** cart opens → card clicks → detail views → orders → paid, split by source_type and tracking_code, and per goods. */
export async function roomFunnel(container: Container, shopId: number | null, liveId: number) {
  const { db } = container;
  await requireRoom(db, shopId, liveId);
  const [events, orders, bySpuEvents, bySpuOrders] = await Promise.all([
    db.trackingEvent.groupBy({ by: ['type', 'sourceType', 'trackingCode'], where: { liveId }, _count: { _all: true } }),
    db.order.groupBy({ by: ['status', 'sourceType', 'trackingCode'], where: { liveId }, _count: { _all: true } }),
    db.trackingEvent.groupBy({ by: ['type', 'spuId'], where: { liveId, spuId: { not: null } }, _count: { _all: true } }),
    db.$queryRaw<{ spu_id: number; orders: number; paid: number }[]>`
      SELECT spu_id, count(DISTINCT order_sn)::int AS orders, count(DISTINCT order_sn) FILTER (WHERE status = 'PAID')::int AS paid
      FROM live_order_stream WHERE live_id = ${liveId} GROUP BY spu_id`,
  ]);
  const total = emptyFunnel();
  const splits = new Map<string, FunnelCounts & { sourceType: string | null; trackingCode: string | null }>();
  const split = (sourceType: string | null, trackingCode: string | null) => {
    const key = `${sourceType}|${trackingCode}`;
    let row = splits.get(key);
    if (!row) splits.set(key, (row = { sourceType, trackingCode, ...emptyFunnel() }));
    return row;
  };
  const field = { ROOM_ENTER: 'roomEntries', CART_OPEN: 'cartOpens', WANT: 'wants', CARD_CLICK: 'cardClicks', DETAIL_VIEW: 'detailViews' } as const;
  for (const e of events) {
    total[field[e.type]] += e._count._all;
    split(e.sourceType, e.trackingCode)[field[e.type]] += e._count._all;
  }
  for (const o of orders) {
    const row = split(o.sourceType, o.trackingCode);
    if (o.status !== 'CANCELLED' && o.status !== 'EXPIRED') {
      total.orders += o._count._all;
      row.orders += o._count._all;
    }
    if (o.status === 'PAID') {
      total.paid += o._count._all;
      row.paid += o._count._all;
    }
  }
  const spus = new Map<number, FunnelCounts & { spuId: number }>();
  const spuRow = (spuId: number) => {
    let row = spus.get(spuId);
    if (!row) spus.set(spuId, (row = { spuId, ...emptyFunnel() }));
    return row;
  };
  for (const e of bySpuEvents) spuRow(e.spuId!)[field[e.type]] += e._count._all;
  for (const o of bySpuOrders) Object.assign(spuRow(o.spu_id), { orders: o.orders, paid: o.paid });
  const titles = new Map((await db.spu.findMany({ where: { id: { in: [...spus.keys()] } }, select: { id: true, title: true } })).map((s) => [s.id, s.title]));
  return {
    total,
    bySource: [...splits.values()].sort((a, b) => b.orders - a.orders || b.detailViews - a.detailViews),
    byGoods: [...spus.values()].map((r) => ({ ...r, title: titles.get(r.spuId) ?? '' })).sort((a, b) => b.orders - a.orders),
  };
}

/** Per-讲解 attribution: each pin segment with its duration, orders, GMV and conversion. */
export async function pinAttribution(container: Container, shopId: number | null, liveId: number, now = new Date()) {
  const { db } = container;
  await requireRoom(db, shopId, liveId);
  const segments = await db.livePinSegment.findMany({ where: { liveId }, select: { id: true, spuId: true, startedAt: true, endedAt: true }, orderBy: { startedAt: 'asc' } });
  const results = await db.$queryRaw<{ pin_segment_id: number; orders: number; gmv: number }[]>`
    SELECT pin_segment_id, count(DISTINCT order_sn)::int AS orders, coalesce(sum(amount), 0)::int AS gmv
    FROM live_order_stream WHERE live_id = ${liveId} AND pin_segment_id IS NOT NULL AND status <> 'CANCELLED'
    GROUP BY pin_segment_id`;
  const byId = new Map(results.map((r) => [r.pin_segment_id, r]));
  const titles = new Map((await db.spu.findMany({ where: { id: { in: segments.map((s) => s.spuId) } }, select: { id: true, title: true } })).map((s) => [s.id, s.title]));
  return Promise.all(
    segments.map(async (s) => {
      const end = s.endedAt ?? now;
      const views = await db.trackingEvent.count({ where: { liveId, type: 'DETAIL_VIEW', createdAt: { gte: s.startedAt, lt: end } } });
      const r = byId.get(s.id);
      const orders = r?.orders ?? 0;
      return {
        id: s.id,
        spuId: s.spuId,
        title: titles.get(s.spuId) ?? '',
        startedAt: s.startedAt,
        endedAt: s.endedAt,
        durationSeconds: Math.round((end.getTime() - s.startedAt.getTime()) / 1000),
        orders,
        gmv: r?.gmv ?? 0,
        detailViews: views,
        // Orders per detail view while this item was presented.
        conversion: views > 0 ? orders / views : null,
      };
    }),
  );
}

/** The event pipeline as ops see it: backlog, batch mode, failures and dead events. */
export async function syncHealth(container: Container) {
  const { db } = container;
  const [backlog, dead, failures, state] = await Promise.all([
    db.outboxEvent.count({ where: { status: 'PENDING' } }),
    db.outboxEvent.count({ where: { status: 'DEAD' } }),
    db.liveOrderSyncFailLog.findMany({
      where: { status: { in: ['RETRYING', 'DEAD'] } },
      select: { id: true, outboxId: true, orderSn: true, liveId: true, failTime: true, retryCount: true, lastErrorCode: true, lastError: true, nextRetryAt: true, status: true },
      orderBy: { failTime: 'desc' },
      take: 50,
    }),
    relayState(container),
  ]);
  return { backlog, dead, batchMode: state?.batchMode ?? false, failures: failures.map((f) => ({ ...f, outboxId: String(f.outboxId) })) };
}
