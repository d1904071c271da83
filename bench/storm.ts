// E2E — flash storms through the public API: the built app in its own process, orders as the
// browser sends them (tRPC over HTTP, session cookie), load from a separate process. Every
// storm ends with the correctness check against the database and Redis (DESIGN.md §7).
import { unlinkSync } from 'node:fs';
import type { Container } from '../server/container';
import type { CannonResult } from './load/cannon';
import type { OpenLoopResult } from './load/open-loop';
import { setupFlashSale, viewerCookies, type App, type FlashSetup } from './lib/app';
import { runCannon, runOpenLoop } from './lib/load';
import type { CpuShares } from './lib/proc';

export interface StormCheck {
  ok: boolean;
  problems: string[];
  flashStock: number;
  sold: number;
  acceptedReplies: number;
  dbOrders: number;
  maxPerUser: number;
  redisRemaining: number | undefined;
}

export interface StormRun {
  name: string;
  kind: 'closed' | 'open';
  attempts: number;
  seconds: number;
  attemptsPerSecond: number;
  accepted: number;
  acceptedPerSecond: number;
  p50: number;
  p99: number;
  reasons: Record<string, number>;
  errors: number;
  cpu: CpuShares;
  check: StormCheck;
  note: string;
}

const ORDER_PATH = '/api/trpc/orders.create';

/** The database is the truth: compare it with the replies and with Redis. */
export async function checkStorm(container: Container, setup: FlashSetup, limit: number, acceptedSns: string[], { unansweredAllowed = 0 } = {}): Promise<StormCheck> {
  // Let in-flight transactions of cut-off requests settle before reading.
  let sold = -1;
  for (let i = 0; i < 50; i += 1) {
    const now = (await container.db.flashSku.findUniqueOrThrow({ where: { id: setup.flashSkuId }, select: { sold: true } })).sold;
    if (now === sold) break;
    sold = now;
    await new Promise((r) => setTimeout(r, 200));
  }
  const sku = await container.db.flashSku.findUniqueOrThrow({ where: { id: setup.flashSkuId }, select: { flashStock: true, sold: true } });
  const orders = await container.db.order.findMany({
    where: { items: { some: { flashSkuId: setup.flashSkuId } }, status: { in: ['PENDING_PAYMENT', 'PAID'] } },
    select: { orderSn: true, userId: true, items: { select: { quantity: true } } },
  });
  const perUser = new Map<number, number>();
  for (const o of orders) perUser.set(o.userId, (perUser.get(o.userId) ?? 0) + o.items.reduce((s, i) => s + i.quantity, 0));
  const maxPerUser = Math.max(0, ...perUser.values());
  const redisRemaining = await container.gate.remaining(setup.flashSkuId);
  const inDb = new Set(orders.map((o) => o.orderSn));
  const replies = new Set(acceptedSns);
  const problems: string[] = [];
  if (sku.sold > sku.flashStock) problems.push(`OVERSOLD: sold ${sku.sold} > flash stock ${sku.flashStock}`);
  if (maxPerUser > limit) problems.push(`a user holds ${maxPerUser} > limit ${limit}`);
  if (replies.size !== acceptedSns.length) problems.push(`${acceptedSns.length - replies.size} order numbers were given out twice`);
  const missing = [...replies].filter((sn) => !inDb.has(sn));
  if (missing.length) problems.push(`${missing.length} accepted order(s) not in live_order, e.g. ${missing[0]}`);
  const units = orders.reduce((s, o) => s + o.items.reduce((t, i) => t + i.quantity, 0), 0);
  if (units !== sku.sold) problems.push(`flash_sku.sold ${sku.sold} ≠ units in live orders ${units}`);
  const unanswered = sku.sold - replies.size;
  if (unanswered < 0 || unanswered > unansweredAllowed) problems.push(`sold ${sku.sold} ≠ accepted replies ${replies.size}`);
  if (redisRemaining !== sku.flashStock - sku.sold) problems.push(`Redis remaining ${redisRemaining} ≠ flash stock − sold ${sku.flashStock - sku.sold}`);
  return { ok: problems.length === 0, problems, flashStock: sku.flashStock, sold: sku.sold, acceptedReplies: replies.size, dbOrders: orders.length, maxPerUser, redisRemaining };
}

export interface StormOptions {
  viewers: number;
  connections: number;
  closedSeconds: number;
  closedStock: number;
  openSeconds: number;
  /** The open loop's arrival rate as a share of the closed loop's attempts/s. */
  openRateShare: number;
  openMaxRate: number;
}

function acceptedRate(accepted: number, lastAcceptedAt: number, seconds: number, soldOut: boolean) {
  // Sold out before the end: the rate while there was stock.
  return accepted / (soldOut && lastAcceptedAt > 0 ? lastAcceptedAt : seconds);
}

export async function runStorms(app: App, container: Container, options: StormOptions): Promise<StormRun[]> {
  const runs: StormRun[] = [];
  const cookiesFile = await viewerCookies(container, options.viewers, app.secret);
  const server = { app: () => [app.child.pid] };
  try {
    // Warm-up and calibration (JIT, pools, caches): a short duration-bound run whose rate sets
    // the size of the measured run. Its cut-off requests may still commit after the load stops.
    const warm = await setupFlashSale(container, { stock: 200_000, limit: 99 });
    const calib = await runCannon({ url: app.url, path: ORDER_PATH, connections: options.connections, durationSec: 2, storm: { cookiesFile, ...warm } }, server);
    const warmCheck = await checkStorm(container, warm, 99, calib.result.accepted, { unansweredAllowed: options.connections });
    runs.push(closedRun('warm-up (2 s, not a measurement)', calib.result, calib.cpu, warmCheck, false, ''));

    // Closed loop: exactly `amount` requests, every one answered, so the check is exact.
    const closedLimit = 99;
    const closed = await setupFlashSale(container, { stock: options.closedStock, limit: closedLimit });
    const amount = Math.max(options.connections * 2, Math.round(calib.result.perSecond * options.closedSeconds));
    const c = await runCannon({ url: app.url, path: ORDER_PATH, connections: options.connections, durationSec: options.closedSeconds, amount, storm: { cookiesFile, ...closed } }, server);
    const closedCheck = await checkStorm(container, closed, closedLimit, c.result.accepted);
    runs.push(closedRun(`closed loop, ${options.connections} connections, ${amount} attempts`, c.result, c.cpu, closedCheck, true, `stock ${options.closedStock}, limit ${closedLimit}`));

    // The flash-sale shape: many more buyers than stock, one each. It sells out in the first
    // moments; from then on attempts are refused at the gate (SOLD_OUT) without touching the
    // database. Duration-bound, so requests in flight at the end are cut off (refusals by then).
    const stormStock = Math.max(10, Math.min(1000, Math.floor(options.viewers / 2)));
    const storm = await setupFlashSale(container, { stock: stormStock, limit: 1 });
    const st = await runCannon({ url: app.url, path: ORDER_PATH, connections: options.connections, durationSec: options.closedSeconds, storm: { cookiesFile, ...storm } }, server);
    const stormCheck = await checkStorm(container, storm, 1, st.result.accepted, { unansweredAllowed: options.connections });
    runs.push(closedRun(`storm (sells out), ${options.connections} connections, ${options.closedSeconds} s`, st.result, st.cpu, stormCheck, true, `stock ${stormStock}, limit 1, ${options.viewers} viewers`));

    // Open loop: a fixed arrival rate below the closed-loop capacity, small stock (sells out
    // about halfway), limit 1 per user.
    const rate = Math.max(20, Math.min(options.openMaxRate, Math.round(c.result.perSecond * options.openRateShare)));
    const openStock = Math.max(10, Math.floor((rate * options.openSeconds) / 2));
    const openLimit = 1;
    const open = await setupFlashSale(container, { stock: openStock, limit: openLimit });
    const o = await runOpenLoop({ host: '127.0.0.1', port: app.port, path: ORDER_PATH, ratePerSec: rate, durationSec: options.openSeconds, maxInFlight: 2000, storm: { cookiesFile, ...open } }, server);
    const openCheck = await checkStorm(container, open, openLimit, o.result.accepted);
    if (o.result.unanswered) openCheck.problems.push(`${o.result.unanswered} requests unanswered after 35 s`);
    runs.push(openRun(`open loop, ${rate}/s for ${options.openSeconds} s`, o.result, o.cpu, openCheck, `stock ${openStock}, limit ${openLimit}, ${options.viewers} viewers`));
  } finally {
    unlinkSync(cookiesFile);
  }
  return runs;
}

export function closedRun(name: string, r: CannonResult, cpu: CpuShares, check: StormCheck, exact: boolean, note: string): StormRun {
  const soldOut = check.sold >= check.flashStock;
  return {
    name,
    kind: 'closed',
    attempts: r.total,
    seconds: r.seconds,
    attemptsPerSecond: r.perSecond,
    accepted: r.accepted.length,
    acceptedPerSecond: acceptedRate(r.accepted.length, r.lastAcceptedAt, r.seconds, soldOut),
    p50: r.p50,
    p99: r.p99,
    reasons: r.reasons,
    errors: r.errors + r.timeouts,
    cpu,
    check: exact ? check : { ...check, problems: check.problems.filter((p) => /OVERSOLD|limit|not in live_order|twice|≠ units/.test(p)) },
    note: [note, soldOut ? 'sold out' : ''].filter(Boolean).join(', '),
  };
}

function openRun(name: string, r: OpenLoopResult, cpu: CpuShares, check: StormCheck, note: string): StormRun {
  const soldOut = check.sold >= check.flashStock;
  return {
    name,
    kind: 'open',
    attempts: r.sent,
    seconds: r.seconds,
    attemptsPerSecond: r.perSecond,
    accepted: r.accepted.length,
    acceptedPerSecond: acceptedRate(r.accepted.length, r.lastAcceptedAt, r.seconds, soldOut),
    p50: r.p50,
    p99: r.p99,
    reasons: r.reasons,
    errors: r.errors + r.dropped,
    cpu,
    check: { ...check, ok: check.problems.length === 0 },
    note: [note, soldOut ? `sold out (exactly ${check.sold})` : 'not sold out', r.dropped ? `${r.dropped} dropped (in-flight cap)` : ''].filter(Boolean).join(', '),
  };
}
