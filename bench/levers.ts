// V — the levers of issue 14, each measured against its absence in the same run: the closed
// loop (every attempt an order) and the storm that sells out, on three variants of the built
// app, each on its own database and Redis prefix so that no variant's relay or timers work for
// another:
//   off    ORDER_FAST_REFUSALS=off, BACKGROUND_WORK=here — every refusal goes to Redis;
//   on     ORDER_FAST_REFUSALS=on (the default), BACKGROUND_WORK=here — the default app;
//   worker ORDER_FAST_REFUSALS=on, BACKGROUND_WORK=worker, `npm run worker` beside it with the
//          app's environment — the web process only serves requests.
// All three are up together and take turns (off, on, worker, then starting one further along),
// so that other load on the machine falls on each alike; the figures are medians of the turns.
// Every run ends with the storm check, and at the end each variant's outbox must be drained
// into live_goods_sales (the worker's relay for the third).
import { unlinkSync } from 'node:fs';
import type { Container } from '../server/container';
import { appContainer, dropRedisPrefix, setupFlashSale, startApp, startWorker, viewerCookies, type App, type FlashSetup } from './lib/app';
import { freshDatabase } from './lib/env';
import { runCannon } from './lib/load';
import type { Child, CpuShares } from './lib/proc';
import { checkStorm, closedRun, type StormRun } from './storm';

const ORDER_PATH = '/api/trpc/orders.create';
const CLOSED_LIMIT = 99;

export type VariantKey = 'off' | 'on' | 'worker';

const VARIANTS: { key: VariantKey; label: string; env: Record<string, string>; worker: boolean }[] = [
  { key: 'off', label: 'ORDER_FAST_REFUSALS=off, work here', env: { ORDER_FAST_REFUSALS: 'off', BACKGROUND_WORK: 'here' }, worker: false },
  { key: 'on', label: 'ORDER_FAST_REFUSALS=on, work here', env: { ORDER_FAST_REFUSALS: 'on', BACKGROUND_WORK: 'here' }, worker: false },
  { key: 'worker', label: 'ORDER_FAST_REFUSALS=on, BACKGROUND_WORK=worker + npm run worker', env: { ORDER_FAST_REFUSALS: 'on', BACKGROUND_WORK: 'worker' }, worker: true },
];

export interface LeverOptions {
  viewers: number;
  connections: number;
  seconds: number;
  rounds: number;
  /** Seconds of each warm-up run (two: JIT, then the one whose rate sizes the closed loop). */
  warmSeconds: number;
}

/** Medians over the turns; `runs` keeps every turn with its check. */
export interface LeverFigures {
  attemptsPerSecond: number;
  acceptedPerSecond: number;
  p50: number;
  p99: number;
  /** Median CPU share of each process group. */
  cpu: CpuShares;
  /** Median over the turns of (app + worker + Redis + PostgreSQL) CPU seconds per attempt and per accepted order. */
  cpuPerAttempt: number;
  cpuPerAccepted: number;
  runs: StormRun[];
}

export interface LeverVariant {
  key: VariantKey;
  label: string;
  closed: LeverFigures;
  storm: LeverFigures;
  /** The outbox drained into live_goods_sales after the last run (seconds it took), or what was left. */
  drain: { ok: boolean; seconds: number; problem?: string; eventsPerStep?: number };
}

interface Live {
  spec: (typeof VARIANTS)[number];
  db: { url: string; drop(): Promise<void> };
  app?: App;
  worker?: Child;
  container?: Container;
  cookiesFile?: string;
  sales: FlashSetup[];
  closed: StormRun[];
  storm: StormRun[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** CPU seconds of the serving side (everything but the load generator) per event at `perSecond`. */
export const serverCpuPer = (cpu: CpuShares, perSecond: number) =>
  perSecond > 0 ? Object.entries(cpu).reduce((sum, [name, share]) => sum + (name === 'loadgen' ? 0 : share), 0) / perSecond : NaN;

function figures(runs: StormRun[]): LeverFigures {
  const groups = Object.keys(runs[0]?.cpu ?? {});
  return {
    attemptsPerSecond: median(runs.map((r) => r.attemptsPerSecond)),
    acceptedPerSecond: median(runs.map((r) => r.acceptedPerSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpu: Object.fromEntries(groups.map((g) => [g, median(runs.map((r) => r.cpu[g] ?? 0))])),
    cpuPerAttempt: median(runs.map((r) => serverCpuPer(r.cpu, r.attemptsPerSecond))),
    cpuPerAccepted: median(runs.map((r) => serverCpuPer(r.cpu, r.acceptedPerSecond))),
    runs,
  };
}

export async function measureLevers(options: LeverOptions): Promise<LeverVariant[]> {
  const live: Live[] = [];
  try {
    for (const spec of VARIANTS) live.push({ spec, db: await freshDatabase(`v${spec.key}`), sales: [], closed: [], storm: [] });
    // Started together: three Next starts in a row would take a minute.
    await Promise.all(
      live.map(async (v) => {
        v.app = await startApp(v.db.url, undefined, { env: v.spec.env });
        if (v.spec.worker) v.worker = await startWorker(v.app);
        v.container = await appContainer(v.app, v.db.url);
        v.cookiesFile = await viewerCookies(v.container, options.viewers, v.app.secret);
      }),
    );
    const groupsOf = (v: Live) => ({ app: () => [v.app!.child.pid], ...(v.worker ? { worker: () => [v.worker!.pid] } : {}) });
    const sale = async (v: Live, stock: number, limit: number) => {
      const setup = await setupFlashSale(v.container!, { stock, limit });
      v.sales.push(setup);
      return setup;
    };

    // Warm-up, one variant after the other: JIT and pools on both paths (orders, refusals), then
    // a run whose rate sizes the closed loop — the same number of attempts for every variant (the
    // median variant's rate × seconds), so that a slower one runs longer, not shorter.
    const rates: number[] = [];
    for (const v of live) {
      const target = { url: v.app!.url, path: ORDER_PATH, connections: options.connections, durationSec: options.warmSeconds };
      const refusals = await sale(v, 10, 1);
      await runCannon({ ...target, storm: { cookiesFile: v.cookiesFile!, ...refusals } }, groupsOf(v));
      const warm = await sale(v, 200_000, CLOSED_LIMIT);
      await runCannon({ ...target, storm: { cookiesFile: v.cookiesFile!, ...warm } }, groupsOf(v));
      const calib = await runCannon({ ...target, storm: { cookiesFile: v.cookiesFile!, ...warm } }, groupsOf(v));
      rates.push(calib.result.perSecond);
    }
    const amount = Math.max(options.connections * 2, Math.round(median(rates) * options.seconds));

    const stormStock = Math.max(10, Math.min(1000, Math.floor(options.viewers / 2)));
    for (let round = 0; round < options.rounds; round += 1) {
      // Each turn starts one variant further along, so none is always first after a pause.
      const order = live.map((_, i) => live[(i + round) % live.length]!);
      for (const v of order) {
        // Stock for every attempt and a little more: each is an order, none refused.
        const closed = await sale(v, amount + 100, CLOSED_LIMIT);
        const c = await runCannon({ url: v.app!.url, path: ORDER_PATH, connections: options.connections, durationSec: options.seconds, amount, storm: { cookiesFile: v.cookiesFile!, ...closed } }, groupsOf(v));
        const check = await checkStorm(v.container!, closed, CLOSED_LIMIT, c.result.accepted);
        v.closed.push(closedRun(`closed loop, ${options.connections} connections, ${amount} attempts`, c.result, c.cpu, check, true, ''));
      }
      for (const v of order) {
        const storm = await sale(v, stormStock, 1);
        const st = await runCannon({ url: v.app!.url, path: ORDER_PATH, connections: options.connections, durationSec: options.seconds, storm: { cookiesFile: v.cookiesFile!, ...storm } }, groupsOf(v));
        const check = await checkStorm(v.container!, storm, 1, st.result.accepted, { unansweredAllowed: options.connections });
        v.storm.push(closedRun(`storm (sells out), ${options.connections} connections, ${options.seconds} s`, st.result, st.cpu, check, true, `stock ${stormStock}, limit 1, ${options.viewers} viewers`));
      }
    }

    const results: LeverVariant[] = [];
    for (const v of live) {
      results.push({ key: v.spec.key, label: v.spec.label, closed: figures(v.closed), storm: figures(v.storm), drain: await drained(v.container!, v.sales) });
    }
    return results;
  } finally {
    for (const v of live) {
      if (v.cookiesFile) unlinkSync(v.cookiesFile);
      await v.container?.close().catch((error: unknown) => console.error(`V ${v.spec.key}: container close failed`, error));
      await v.worker?.stop();
      await v.app?.child.stop();
      if (v.app) await dropRedisPrefix(v.app.prefix).catch((error: unknown) => console.error(`V ${v.spec.key}: Redis cleanup failed`, error));
      await v.db.drop().catch((error: unknown) => console.error(`V ${v.spec.key}: drop failed`, error));
    }
  }
}

/**
 * The relay kept up: no pending outbox event, and each sale's live_goods_sales total equals the
 * units sold. Waits up to 60 s from the end of the last run.
 */
async function drained(container: Container, sales: FlashSetup[]): Promise<LeverVariant['drain']> {
  const started = Date.now();
  let problem = '';
  for (;;) {
    const pending = await container.db.outboxEvent.count({ where: { status: 'PENDING' } });
    const dead = await container.db.outboxEvent.count({ where: { status: 'DEAD' } });
    const skus = await container.db.flashSku.findMany({ where: { id: { in: sales.map((s) => s.flashSkuId) } }, select: { id: true, sold: true } });
    const stats = await container.db.liveGoodsSales.findMany({ where: { liveId: { in: sales.map((s) => s.liveId) } }, select: { liveId: true, skuId: true, totalSales: true } });
    const sold = new Map(skus.map((s) => [s.id, s.sold]));
    const wrong = sales.filter((s) => (stats.find((r) => r.liveId === s.liveId && r.skuId === s.skuId)?.totalSales ?? 0) !== (sold.get(s.flashSkuId) ?? 0));
    const seconds = (Date.now() - started) / 1000;
    if (pending === 0 && dead === 0 && wrong.length === 0) {
      // Each relay step marks its events done in one transaction, so with one now(): how many
      // events a step carried on average (1 = one transaction per order event).
      const [steps] = await container.db.$queryRaw<{ events: number; steps: number }[]>`
        SELECT count(*)::int AS events, count(DISTINCT processed_at)::int AS steps FROM outbox_event WHERE status = 'DONE'`;
      return { ok: true, seconds, eventsPerStep: steps && steps.steps > 0 ? steps.events / steps.steps : undefined };
    }
    problem = `outbox ${pending} pending, ${dead} dead; ${wrong.length} of ${sales.length} sales' live_goods_sales ≠ units sold`;
    if (seconds > 60) return { ok: false, seconds, problem };
    await new Promise((r) => setTimeout(r, 250));
  }
}
