// What the suite checks after a storm, read straight from PostgreSQL (pg) and Redis — never
// through the app. The database is the truth; the replies and Redis are held against it.
import type pg from 'pg';
import type { AttemptRecord, RequestRecord } from './client';
import type { GateStore } from './redis-server';

export interface Target {
  flashSkuId: number;
  liveId: number;
  skuId: number;
  /** The app's Redis key prefix. */
  prefix: string;
}

/** Gate keys as the app names them (server/modules/inventory): `<prefix>{fs:<id>}:stock|users`. */
export const gateKey = (t: Target, name: 'stock' | 'users') => `${t.prefix}{fs:${t.flashSkuId}}:${name}`;

export interface Snapshot {
  flashStock: number;
  sold: number;
  remaining: number;
  /** Live orders (unpaid or paid) of the SKU and their units. */
  orders: number;
  units: number;
  dbHolds: Record<string, number>;
  /** undefined: the key is missing (or Redis is down). */
  redisRemaining: number | undefined;
  redisHolds: Record<string, number> | undefined;
  outboxPending: number;
}

export async function snapshot(db: pg.Client, redis: GateStore, t: Target): Promise<Snapshot> {
  const sku = await db.query<{ flash_stock: number; sold: number }>('SELECT flash_stock, sold FROM flash_sku WHERE id = $1', [t.flashSkuId]);
  const live = await db.query<{ orders: string; units: string | null }>(
    `SELECT count(DISTINCT o.id) AS orders, sum(i.quantity) AS units FROM live_order o JOIN live_order_item i ON i.order_id = o.id
     WHERE i.flash_sku_id = $1 AND o.status IN ('PENDING_PAYMENT', 'PAID')`,
    [t.flashSkuId],
  );
  const holds = await db.query<{ user_id: number; quantity: number }>('SELECT user_id, quantity FROM user_purchase WHERE flash_sku_id = $1 AND quantity > 0', [t.flashSkuId]);
  const outbox = await db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_event WHERE status = 'PENDING'`);
  let redisRemaining: number | undefined;
  let redisHolds: Record<string, number> | undefined;
  if (redis.running) {
    try {
      [redisRemaining, redisHolds] = await redis.with(async (r) => {
        const [stock, users] = await Promise.all([r.get(gateKey(t, 'stock')), r.hgetall(gateKey(t, 'users'))]);
        const positive = Object.fromEntries(Object.entries(users).filter(([, q]) => Number(q) > 0).map(([u, q]) => [u, Number(q)]));
        return [stock === null ? undefined : Number(stock), stock === null && Object.keys(users).length === 0 ? undefined : positive] as const;
      });
    } catch {
      // Redis is restarting: the snapshot shows it as missing.
    }
  }
  const row = sku.rows[0]!;
  return {
    flashStock: row.flash_stock,
    sold: row.sold,
    remaining: row.flash_stock - row.sold,
    orders: Number(live.rows[0]?.orders ?? 0),
    units: Number(live.rows[0]?.units ?? 0),
    dbHolds: Object.fromEntries(holds.rows.map((h) => [String(h.user_id), h.quantity])),
    redisRemaining,
    redisHolds,
    outboxPending: Number(outbox.rows[0]?.n ?? 0),
  };
}

const canonical = (holds: Record<string, number> | undefined) => (holds ? JSON.stringify(Object.entries(holds).sort(([a], [b]) => Number(a) - Number(b))) : 'missing');
export const holdsEqual = (s: Snapshot) => canonical(s.redisHolds) === canonical(s.dbHolds);
const sumOf = (holds: Record<string, number> | undefined) => (holds ? Object.values(holds).reduce((a, b) => a + b, 0) : 0);

/** "Redis 3 / DB 3, holds 71 = 71" — how far Redis is from the database. */
export function describeGate(s: Snapshot): string {
  const redis = s.redisRemaining === undefined ? 'missing' : String(s.redisRemaining);
  const holds = s.redisHolds === undefined ? 'missing' : `${sumOf(s.redisHolds)}u/${Object.keys(s.redisHolds).length}`;
  return `${redis}/${s.remaining}${holdsEqual(s) ? '' : ` holds ${holds}≠${sumOf(s.dbHolds)}u/${Object.keys(s.dbHolds).length}`}`;
}

/** Polls until the database and Redis stop changing (in-flight orders have landed). */
export async function settle(db: pg.Client, redis: GateStore, t: Target, { quietMs = 1500, maxMs = 20_000 } = {}): Promise<{ snapshot: Snapshot; waitedMs: number }> {
  const started = performance.now();
  let last = '';
  let quietSince = performance.now();
  for (;;) {
    const s = await snapshot(db, redis, t);
    const key = JSON.stringify([s.sold, s.orders, s.units, s.redisRemaining, canonical(s.redisHolds), canonical(s.dbHolds)]);
    if (key !== last) {
      last = key;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= quietMs || performance.now() - started >= maxMs) {
      return { snapshot: s, waitedMs: performance.now() - started };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface Window {
  name: string;
  start: number;
  end: number;
}

/** Ledger, replies and Redis after the storm has settled. */
export async function checkOrders(db: pg.Client, t: Target, limit: number, after: Snapshot, requests: RequestRecord[], attempts: AttemptRecord[], outages: Window[], graceMs: number): Promise<string[]> {
  const problems: string[] = [];
  const { flashStock, sold } = after;
  if (sold > flashStock) problems.push(`OVERSOLD: flash_sku.sold ${sold} > flash_stock ${flashStock}`);
  if (sold < 0) problems.push(`flash_sku.sold ${sold} < 0`);

  // The orders of the SKU, whatever their state.
  const rows = await db.query<{ order_sn: string; user_id: number; status: string; quantity: number; idempotency_key: string }>(
    `SELECT o.order_sn, o.user_id, o.status, i.quantity, o.idempotency_key FROM live_order o JOIN live_order_item i ON i.order_id = o.id WHERE i.flash_sku_id = $1`,
    [t.flashSkuId],
  );
  const bySn = new Map(rows.rows.map((r) => [r.order_sn, r]));
  const live = rows.rows.filter((r) => r.status === 'PENDING_PAYMENT' || r.status === 'PAID');
  const units = live.reduce((n, r) => n + r.quantity, 0);
  if (units !== sold) problems.push(`flash_sku.sold ${sold} ≠ ${units} units in live orders`);

  // Accepted replies: one order number per purchase intent, each in the database as asked.
  const accepted = attempts.filter((a) => a.outcome === 'OK');
  const keyOf = new Map<string, string>();
  let acceptedUnits = 0;
  for (const a of accepted) {
    const sn = a.orderSn!;
    const earlier = keyOf.get(sn);
    if (earlier && earlier !== a.key) problems.push(`order ${sn} answered to two purchase intents (${earlier}, ${a.key})`);
    if (earlier) continue;
    keyOf.set(sn, a.key);
    acceptedUnits += a.quantity;
    const row = bySn.get(sn);
    if (!row) problems.push(`accepted order ${sn} (user ${a.userId}) is not in live_order`);
    else if (row.user_id !== a.userId || row.quantity !== a.quantity) problems.push(`accepted order ${sn}: user ${row.user_id} × ${row.quantity} in live_order, asked user ${a.userId} × ${a.quantity}`);
  }
  // A later retry of the same key must not be answered with another order.
  const snsByKey = new Map<string, Set<string>>();
  for (const r of requests) if (r.status === 200 && r.orderSn) snsByKey.set(r.key, (snsByKey.get(r.key) ?? new Set()).add(r.orderSn));
  for (const [key, sns] of snsByKey) if (sns.size > 1) problems.push(`idempotency key ${key} was answered with ${sns.size} different orders`);
  if (acceptedUnits !== sold) problems.push(`sold ${sold} ≠ ${acceptedUnits} units in the ${keyOf.size} distinct orders answered 200`);
  const unanswered = rows.rows.filter((r) => !keyOf.has(r.order_sn));
  if (unanswered.length) problems.push(`${unanswered.length} order(s) in live_order never answered 200, e.g. ${unanswered[0]!.order_sn} (${unanswered[0]!.status})`);
  if (attempts.some((a) => a.outcome === 'OK_WITHOUT_ORDER')) problems.push('a 200 without an order number');
  // "Still being processed" must come true: an intent left IN_PROGRESS after its retries, with
  // no order made for its key once everything settled, holds a key (and stock) nobody will use.
  const keysWithOrder = new Set(rows.rows.map((r) => `${r.user_id}:${r.idempotency_key}`));
  const stuck = attempts.filter((a) => a.outcome === 'IN_PROGRESS' && !keysWithOrder.has(`${a.userId}:${a.key}`));
  if (stuck.length) {
    const first = requests.filter((r) => r.key === stuck[0]!.key);
    const story = first.map((r) => `${r.status ?? r.error}${r.reason ? ` ${r.reason}` : ''} at ${(r.sentAt / 1000).toFixed(2)} s`).join(', ');
    problems.push(`${stuck.length} purchase intent(s) answered IN_PROGRESS to the end with no order for the key, e.g. user ${stuck[0]!.userId}: ${story}`);
  }

  // The per-user limit, in user_purchase and over the orders; the two must agree.
  const perUser = new Map<number, number>();
  for (const r of live) perUser.set(r.user_id, (perUser.get(r.user_id) ?? 0) + r.quantity);
  const overOrders = [...perUser].filter(([, q]) => q > limit);
  if (overOrders.length) problems.push(`${overOrders.length} user(s) above the limit ${limit} in live orders, e.g. user ${overOrders[0]![0]} with ${overOrders[0]![1]}`);
  const overPurchases = Object.entries(after.dbHolds).filter(([, q]) => q > limit);
  if (overPurchases.length) problems.push(`${overPurchases.length} user_purchase row(s) above the limit ${limit}, e.g. user ${overPurchases[0]![0]} with ${overPurchases[0]![1]}`);
  const ledger = [...new Set([...perUser.keys(), ...Object.keys(after.dbHolds).map(Number)])].filter((u) => (perUser.get(u) ?? 0) !== (after.dbHolds[String(u)] ?? 0));
  if (ledger.length) problems.push(`user_purchase differs from the orders for ${ledger.length} user(s), e.g. user ${ledger[0]}: ${after.dbHolds[String(ledger[0])] ?? 0} vs ${perUser.get(ledger[0]!) ?? 0}`);

  // Redis = database once the in-flight orders have landed.
  if (after.redisRemaining !== after.remaining) problems.push(`Redis remaining ${after.redisRemaining ?? 'missing'} ≠ flash_stock − sold ${after.remaining} after settle`);
  if (!holdsEqual(after)) problems.push(`Redis per-user holds (${sumOf(after.redisHolds)} units, ${Object.keys(after.redisHolds ?? {}).length} users) ≠ user_purchase (${sumOf(after.dbHolds)} units, ${Object.keys(after.dbHolds).length} users) after settle`);

  // Replies: never a 500; a 503 only while a part is down (plus the grace to notice it is back).
  const inOutage = (r: RequestRecord) => outages.some((w) => r.answeredAt >= w.start && r.sentAt <= w.end + graceMs);
  const fiveHundreds = requests.filter((r) => r.status === 500);
  if (fiveHundreds.length) problems.push(`${fiveHundreds.length} × HTTP 500 (first at ${(fiveHundreds[0]!.answeredAt / 1000).toFixed(2)} s, reason ${fiveHundreds[0]!.reason ?? 'none'})`);
  const other5xx = requests.filter((r) => r.status !== undefined && r.status > 500);
  // 502: a proxy (nginx) lost the instance behind it mid-request — only while one is killed.
  const outageStatus = (r: RequestRecord) => r.status === 503 || r.status === 502;
  const bad503 = other5xx.filter((r) => outageStatus(r) && !inOutage(r));
  const otherStatus = other5xx.filter((r) => !outageStatus(r));
  if (bad503.length) problems.push(`${bad503.length} × ${bad503[0]!.status} outside an injected outage (first at ${(bad503[0]!.answeredAt / 1000).toFixed(2)} s)`);
  if (otherStatus.length) problems.push(`${otherStatus.length} × HTTP ${otherStatus[0]!.status}`);
  const unknown = requests.filter((r) => r.status !== undefined && r.status >= 400 && r.status < 500 && !r.reason);
  if (unknown.length) problems.push(`${unknown.length} refusal(s) without a reason, e.g. HTTP ${unknown[0]!.status}`);
  const noAnswer = attempts.filter((a) => a.outcome === 'NO_ANSWER');
  if (noAnswer.length) problems.push(`${noAnswer.length} purchase intent(s) never answered (connection failures on every instance)`);
  return problems;
}

/** The stats tables against a recount from the orders, once the outbox is drained. */
export async function checkStats(db: pg.Client, t: Target, { maxMs = 30_000 } = {}): Promise<{ problems: string[]; drainedMs: number }> {
  const problems: string[] = [];
  const started = performance.now();
  for (;;) {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_event WHERE status = 'PENDING'`);
    if (Number(rows[0]!.n) === 0) break;
    if (performance.now() - started > maxMs) {
      problems.push(`outbox not drained after ${maxMs / 1000} s: ${rows[0]!.n} PENDING`);
      return { problems, drainedMs: performance.now() - started };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const drainedMs = performance.now() - started;
  const dead = await db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_event WHERE status = 'DEAD'`);
  if (Number(dead.rows[0]!.n) > 0) problems.push(`${dead.rows[0]!.n} dead outbox event(s)`);

  const goods = await db.query<{ total_sales: number; uv: number; gmv: number; paid_sales: number }>(
    'SELECT total_sales, uv, gmv, paid_sales FROM live_goods_sales WHERE live_id = $1 AND sku_id = $2',
    [t.liveId, t.skuId],
  );
  const goodsTruth = await db.query<{ total_sales: string | null; uv: string; gmv: string | null; paid_sales: string | null }>(
    `SELECT sum(i.quantity) AS total_sales, count(DISTINCT o.user_id) AS uv, sum(i.amount) AS gmv,
            sum(i.quantity) FILTER (WHERE o.status = 'PAID') AS paid_sales
     FROM live_order o JOIN live_order_item i ON i.order_id = o.id
     WHERE o.live_id = $1 AND i.sku_id = $2 AND o.status IN ('PENDING_PAYMENT', 'PAID')`,
    [t.liveId, t.skuId],
  );
  const g = goods.rows[0] ?? { total_sales: 0, uv: 0, gmv: 0, paid_sales: 0 };
  const gt = goodsTruth.rows[0]!;
  for (const [field, have, want] of [
    ['total_sales', g.total_sales, Number(gt.total_sales ?? 0)],
    ['uv', g.uv, Number(gt.uv)],
    ['gmv', g.gmv, Number(gt.gmv ?? 0)],
    ['paid_sales', g.paid_sales, Number(gt.paid_sales ?? 0)],
  ] as const) {
    if (have !== want) problems.push(`live_goods_sales.${field} ${have} ≠ ${want} recounted from the orders`);
  }

  const room = await db.query<{ orders: number; buyers: number; gmv: number; paid_orders: number }>('SELECT orders, buyers, gmv, paid_orders FROM live_room_stats WHERE live_id = $1', [t.liveId]);
  const roomTruth = await db.query<{ orders: string; buyers: string; gmv: string | null; paid_orders: string }>(
    `SELECT count(DISTINCT o.id) AS orders, count(DISTINCT o.user_id) AS buyers, sum(i.amount) AS gmv, count(DISTINCT o.id) FILTER (WHERE o.status = 'PAID') AS paid_orders
     FROM live_order o JOIN live_order_item i ON i.order_id = o.id WHERE o.live_id = $1 AND o.status IN ('PENDING_PAYMENT', 'PAID')`,
    [t.liveId],
  );
  const r = room.rows[0] ?? { orders: 0, buyers: 0, gmv: 0, paid_orders: 0 };
  const rt = roomTruth.rows[0]!;
  for (const [field, have, want] of [
    ['orders', r.orders, Number(rt.orders)],
    ['buyers', r.buyers, Number(rt.buyers)],
    ['gmv', r.gmv, Number(rt.gmv ?? 0)],
    ['paid_orders', r.paid_orders, Number(rt.paid_orders)],
  ] as const) {
    if (have !== want) problems.push(`live_room_stats.${field} ${have} ≠ ${want} recounted from the orders`);
  }
  return { problems, drainedMs };
}
