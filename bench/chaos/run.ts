// npm run chaos — the flash-sale promise under faults. Each run: a fresh PostgreSQL database,
// a redis-server of its own, the production build (dist/server.mjs) on them, a live room with
// one flash SKU of small stock, and a storm of viewers ordering over HTTP while one fault is
// injected. Afterwards the outcome is read from PostgreSQL and Redis directly and held against
// every reply. Exit 1 when any invariant breaks.
//
//   npm run chaos                  the full suite
//   npm run chaos -- --short       smaller storms (CI)
//   npm run chaos -- --only=2,8    some runs; --seed=N repeats a storm's schedule
import { createWriteStream, existsSync, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { appContainer, setupFlashSale, startApp, viewerSessions, type App } from '../lib/app';
import { DATABASE_URL, freshDatabase } from '../lib/env';
import { stopAll } from '../lib/proc';
import { checkOrders, checkStats, describeGate, holdsEqual, settle, snapshot, type Snapshot, type Target, type Window } from './check';
import { runStorm, type RequestRecord, type StormLive, type StormResult } from './client';
import { FAULTS, type Fault, type FaultContext } from './faults';
import { startNginx, type NginxHandle } from '../../server/testing/nginx';
import { RedisClusterStore } from './redis-cluster';
import { RedisServer, type GateStore } from './redis-server';

interface Options {
  viewers: number;
  attemptsPerViewer: number;
  durationMs: number;
  stock: number;
  limit: number;
  maxInFlight: number;
  /** When `during` faults strike, as a share of the storm. */
  faultAt: number;
  /** Attempts in each wave (at the opening and at the fault). */
  wave: number;
  /** A 503 this long after an outage ends is still the outage's (the app notices the part is back). */
  graceMs: number;
  seed: number;
}

const FULL: Omit<Options, 'seed'> = { viewers: 300, attemptsPerViewer: 6, durationMs: 8000, stock: 450, limit: 2, maxInFlight: 100, faultAt: 0.15, wave: 100, graceMs: 2000 };
const SHORT: Omit<Options, 'seed'> = { viewers: 150, attemptsPerViewer: 4, durationMs: 6000, stock: 230, limit: 2, maxInFlight: 100, faultAt: 0.15, wave: 60, graceMs: 2000 };

interface RunResult {
  fault: Fault;
  options: Options;
  storm: StormResult;
  afterBurst: Snapshot;
  afterSettle: Snapshot;
  settleMs: number;
  outages: Window[];
  notes: string[];
  problems: string[];
  xacts: number | undefined;
  appErrors: number;
  reconcilerRepairs: number;
  secondsFromAppStart: number;
}

function parseArgs(argv: string[]) {
  const flag = (name: string) => argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const value = (name: string) => flag(name)?.split('=')[1];
  const short = !!flag('short');
  const base = short ? SHORT : FULL;
  const num = (name: string, fallback: number) => (value(name) === undefined ? fallback : Number(value(name)));
  const options: Options = {
    viewers: num('viewers', base.viewers),
    attemptsPerViewer: num('attempts', base.attemptsPerViewer),
    durationMs: num('seconds', base.durationMs / 1000) * 1000,
    stock: num('stock', base.stock),
    limit: num('limit', base.limit),
    maxInFlight: num('concurrency', base.maxInFlight),
    faultAt: num('fault-at', base.faultAt),
    wave: num('wave', base.wave),
    graceMs: base.graceMs,
    seed: num('seed', Math.floor(Math.random() * 2 ** 31)),
  };
  const only = value('only')?.split(',').map(Number);
  return { short, options, faults: FAULTS.filter((f) => !only || only.includes(f.id)) };
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);

async function pgClient(url: string) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

async function xactsOf(admin: pg.Client, dbName: string): Promise<number> {
  await admin.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await admin.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1', [dbName]);
  return Number(rows[0]?.n ?? 0);
}

function appLog(file: string): { stream: WriteStream; output: (chunk: string) => void; errors: () => number; repairs: () => number } {
  const stream = createWriteStream(file);
  let errors = 0;
  let repairs = 0;
  return {
    stream,
    output(chunk) {
      stream.write(chunk);
      for (const line of chunk.split('\n')) {
        if (/"level":(50|60)/.test(line)) errors += 1;
        if (/reconcil/i.test(line) && /repair/i.test(line)) repairs += 1;
      }
    },
    errors: () => errors,
    repairs: () => repairs,
  };
}

async function runOne(fault: Fault, options: Options, dir: string): Promise<RunResult> {
  const tag = `run${fault.id}`;
  const db = await freshDatabase(`chaos${fault.id}`);
  const dbName = new URL(db.url).pathname.slice(1);
  const logs = [appLog(path.join(dir, `${tag}-app-A.log`)), appLog(path.join(dir, `${tag}-app-B.log`))];
  const records = createWriteStream(path.join(dir, `${tag}-requests.jsonl`));
  let redis: GateStore | undefined;
  let nginx: NginxHandle | undefined;
  const apps: App[] = [];
  const clients: pg.Client[] = [];
  try {
    const cluster = fault.topology === 'nginx+cluster' ? await RedisClusterStore.start() : undefined;
    const server = cluster ? undefined : await RedisServer.start(path.join(dir, `${tag}-redis.log`));
    redis = cluster ?? server!;
    const appStarted = performance.now();
    apps.push(await startApp(db.url, undefined, cluster ? { redisClusterNodes: cluster.nodesEnv, output: logs[0]!.output } : { redisUrl: server!.url, output: logs[0]!.output }));
    if (fault.instances === 2) apps.push(await startApp(db.url, apps[0], { output: logs[1]!.output }));
    const a = apps[0]!;
    // Through nginx the storm has one target; the instances behind it are nginx's to choose.
    if (fault.topology === 'nginx+cluster') nginx = await startNginx(apps.map((app) => `127.0.0.1:${app.port}`));
    const targets = nginx ? [nginx.url] : apps.map((x) => x.url);

    // Setup through the app's own services on the same database and Redis prefix.
    const container = await appContainer(a, db.url);
    let setup;
    let viewers;
    try {
      setup = await setupFlashSale(container, { stock: options.stock, limit: options.limit });
      viewers = await viewerSessions(container, options.viewers, a.secret);
    } finally {
      await container.close();
    }
    const target: Target = { flashSkuId: setup.flashSkuId, liveId: setup.liveId, skuId: setup.skuId, prefix: a.prefix };
    const admin = await pgClient(DATABASE_URL);
    clients.push(admin);

    // The sale's start loads the gate; give it a moment so the baseline starts warm.
    for (let i = 0; i < 50 && (await redis.scan(`*{fs:${target.flashSkuId}}:stock`)).length === 0; i += 1) await new Promise((r) => setTimeout(r, 100));

    const notes: string[] = [];
    const outages: Window[] = [];
    let stormStart = performance.now();
    const live: StormLive = { inFlight: [] };
    const ctx: FaultContext = {
      redis,
      apps,
      target,
      admin,
      dbName,
      now: () => performance.now() - stormStart,
      inFlight: (i) => live.inFlight[i] ?? 0,
      wave: options.wave,
      outage: (w) => outages.push(w),
      note: (t) => notes.push(t),
    };
    const xactsBefore = await xactsOf(admin, dbName);
    await fault.beforeStorm?.(ctx);
    stormStart = performance.now();
    const faultAt = options.durationMs * options.faultAt;
    let faultDone: Promise<void> = Promise.resolve();
    const faultTimer = fault.during
      ? setTimeout(() => {
          faultDone = fault.during!(ctx).catch((error: unknown) => {
            notes.push(`the fault itself failed: ${(error as Error).message}`);
          });
        }, faultAt + 10)
      : undefined;
    const storm = await runStorm(
      {
        viewers,
        attemptsPerViewer: options.attemptsPerViewer,
        durationMs: options.durationMs,
        burstShare: 0.1,
        rampShare: 0.8,
        // Everyone taps at the opening and again at the fault, so that it strikes orders between gate and commit.
        waves: [
          { at: 0, attempts: options.wave, spreadMs: 50 },
          { at: faultAt, attempts: options.wave, spreadMs: 50, instance: fault.waveTo },
        ],
        maxInFlight: options.maxInFlight,
        order: { liveId: setup.liveId, skuId: setup.skuId, flashSkuId: setup.flashSkuId },
        targets,
        seed: options.seed + fault.id,
      },
      (r: RequestRecord) => records.write(`${JSON.stringify(r)}\n`),
      live,
    );
    clearTimeout(faultTimer);
    await faultDone;
    if (redis && !redis.running) await redis.up(); // a fault that ended with the storm still running

    // Right after the burst, then once in-flight orders have landed.
    const dbc = await pgClient(db.url);
    clients.push(dbc);
    let ownQueries = 0;
    const query = dbc.query.bind(dbc);
    (dbc as { query: unknown }).query = (...args: Parameters<typeof query>) => {
      ownQueries += 1;
      return query(...args);
    };
    const afterBurst = await snapshot(dbc, redis, target);
    const settled = await settle(dbc, redis, target);
    const secondsFromAppStart = (performance.now() - appStarted) / 1000;

    const problems = await checkOrders(dbc, target, options.limit, settled.snapshot, storm.requests, storm.attempts, outages, options.graceMs);
    const stats = await checkStats(dbc, target);
    problems.push(...stats.problems);
    const xacts = (await xactsOf(admin, dbName)) - xactsBefore - ownQueries;

    apps.forEach((app, i) => {
      const killed = fault.kills === i;
      if (!killed && app.child.proc.exitCode !== null) problems.push(`instance ${'AB'[i]} exited (code ${app.child.proc.exitCode}, signal ${app.child.proc.signalCode})`);
    });
    const reconcilerRepairs = logs[0]!.repairs() + logs[1]!.repairs();
    if (reconcilerRepairs) notes.push(`the app's reconciler logged ${reconcilerRepairs} repair(s) of Redis (${secondsFromAppStart.toFixed(0)} s after the app started)`);
    return {
      fault,
      options,
      storm,
      afterBurst,
      afterSettle: settled.snapshot,
      settleMs: settled.waitedMs,
      outages,
      notes,
      problems,
      xacts,
      appErrors: logs[0]!.errors() + logs[1]!.errors(),
      reconcilerRepairs,
      secondsFromAppStart,
    };
  } finally {
    for (const c of clients) await c.end().catch(() => {});
    await nginx?.stop();
    for (const app of apps) await app.child.stop();
    await redis?.down();
    for (const l of logs) l.stream.end();
    records.end();
    await db.drop().catch(() => {});
  }
}

// ---- the table ----

function count<T>(items: T[], key: (t: T) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) {
    const k = key(i);
    if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function summarise(r: RunResult) {
  const { storm } = r;
  const ok = storm.attempts.filter((a) => a.outcome === 'OK');
  const orders = new Set(ok.map((a) => a.orderSn));
  const units = ok.filter((a, i, all) => all.findIndex((b) => b.orderSn === a.orderSn) === i).reduce((n, a) => n + a.quantity, 0);
  const refusals = count(storm.attempts.filter((a) => a.outcome !== 'OK'), (a) => a.outcome);
  const statuses = count(storm.requests, (q) => (q.status === undefined ? undefined : String(q.status)));
  const connectionErrors = storm.requests.filter((q) => q.status === undefined).length;
  const fiveXX = Object.entries(statuses).filter(([s]) => Number(s) >= 500);
  const latencies = storm.requests.filter((q) => q.status !== undefined).map((q) => q.answeredAt - q.sentAt).sort((a, b) => a - b);
  const inOutage = r.outages.length
    ? storm.requests.filter((q) => q.status === 200 && r.outages.some((w) => q.sentAt >= w.start && q.answeredAt <= w.end)).length
    : undefined;
  const lastOk = ok.reduce((t, a) => Math.max(t, a.endedAt), 0);
  return { orders: orders.size, units, refusals, fiveXX, connectionErrors, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), inOutage, lastOk };
}

/** Transactions the baseline spends per accepted order (group commits, outbox, stats): what a run spends beyond that is put down to its refusals. */
function xactsPerOrder(results: RunResult[]): number | undefined {
  const baseline = results.find((r) => r.fault.id === 1 && r.xacts !== undefined);
  return baseline ? baseline.xacts! / Math.max(1, summarise(baseline).orders) : undefined;
}

function table(results: RunResult[]): string {
  const head = ['#', 'fault', 'stock', 'attempts (requests)', '200s (units)', 'refusals by reason', '5xx', 'conn. errors', 'outage window (s)', 'orders in outage', 'Redis/DB remaining after burst', 'after settle', 'DB xacts (≈ from refusals)', 'p50 / p99 ms', 'result'];
  const perOrder = xactsPerOrder(results);
  const rows = results.map((r) => {
    const s = summarise(r);
    const beyond = perOrder !== undefined && r.xacts !== undefined && r.fault.id !== 1 ? ` (≈ ${fmt(Math.max(0, Math.round(r.xacts - perOrder * s.orders)))})` : '';
    const refusals = Object.entries(s.refusals).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${fmt(n)}`).join(', ') || '—';
    const windows = r.outages.map((w) => `${(w.start / 1000).toFixed(2)}–${(w.end / 1000).toFixed(2)}`).join(', ') || '—';
    return [
      String(r.fault.id),
      r.fault.name,
      String(r.options.stock),
      `${fmt(r.storm.attempts.length)} (${fmt(r.storm.requests.length)})`,
      `${fmt(s.orders)} (${s.units})`,
      refusals,
      s.fiveXX.map(([st, n]) => `${st}×${n}`).join(', ') || '0',
      String(s.connectionErrors),
      windows,
      s.inOutage === undefined ? '—' : String(s.inOutage),
      describeGate(r.afterBurst),
      describeGate(r.afterSettle),
      r.xacts === undefined ? '—' : `${fmt(r.xacts)}${beyond}`,
      `${s.p50.toFixed(0)} / ${s.p99.toFixed(0)}`,
      r.problems.length ? '**FAIL**' : 'PASS',
    ];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function details(results: RunResult[]): string {
  const out: string[] = [];
  const perOrder = xactsPerOrder(results);
  for (const r of results) {
    const s = summarise(r);
    const refusals = r.storm.attempts.length - s.orders;
    const beyond = perOrder !== undefined && r.xacts !== undefined ? Math.max(0, r.xacts - perOrder * s.orders) : undefined;
    out.push(`- run ${r.fault.id} (${r.fault.name}): last accepted reply at ${(s.lastOk / 1000).toFixed(2)} s, storm ${(r.storm.elapsedMs / 1000).toFixed(1)} s, settled in ${(r.settleMs / 1000).toFixed(1)} s` +
      `, sold ${r.afterSettle.sold}/${r.afterSettle.flashStock}, holds Redis ${holdsEqual(r.afterSettle) ? '=' : '≠'} DB, app errors logged ${r.appErrors}` +
      (beyond === undefined || r.fault.id === 1 ? '' : `; DB transactions beyond the baseline's ${perOrder!.toFixed(1)} per order: ≈ ${fmt(Math.round(beyond))} (${(beyond / Math.max(1, refusals)).toFixed(2)} per refusal)`));
    for (const n of r.notes) out.push(`  - ${n}`);
    for (const p of r.problems) out.push(`  - ✗ ${p}`);
  }
  return out.join('\n');
}

async function main() {
  const { short, options, faults } = parseArgs(process.argv.slice(2));
  if (!existsSync('dist/server.mjs') || !existsSync('.next/BUILD_ID')) {
    console.error('chaos: no production build — run "npm run build" first.');
    process.exit(1);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const dir = path.join(os.tmpdir(), `livecart-chaos-${stamp}`);
  mkdirSync(dir, { recursive: true });
  console.log(`chaos${short ? ' (short)' : ''}: ${faults.length} run(s); ${options.viewers} viewers × ${options.attemptsPerViewer} attempts over ${options.durationMs / 1000} s, ` +
    `waves of ${options.wave} at the opening and at the fault, stock ${options.stock}, limit ${options.limit}, at most ${options.maxInFlight} in flight, faults at ${(options.durationMs * options.faultAt / 1000).toFixed(1)} s; seed ${options.seed}; records and logs in ${dir}`);
  const results: RunResult[] = [];
  const started = performance.now();
  for (const fault of faults) {
    const t0 = performance.now();
    try {
      const result = await runOne(fault, options, dir);
      results.push(result);
      console.log(`  run ${fault.id} ${fault.name}: ${result.problems.length ? `FAIL (${result.problems.length} problem(s))` : 'PASS'} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    } catch (error) {
      console.error(`  run ${fault.id} ${fault.name}: could not run: ${(error as Error).stack ?? String(error)}`);
      results.push({ fault, options, storm: { requests: [], attempts: [], elapsedMs: 0 }, afterBurst: emptySnapshot, afterSettle: emptySnapshot, settleMs: 0, outages: [], notes: [], problems: [`the run could not complete: ${(error as Error).message}`], xacts: undefined, appErrors: 0, reconcilerRepairs: 0, secondsFromAppStart: 0 });
    }
  }
  const report = [
    `Chaos ${short ? '(short) ' : ''}${new Date().toISOString().slice(0, 10)}: ${options.viewers} viewers × ${options.attemptsPerViewer} attempts (quantity 1 or 2) over ${options.durationMs / 1000} s and waves of ${options.wave} at the opening and at the fault, stock ${options.stock}, limit ${options.limit}, ≤ ${options.maxInFlight} in flight; faults at ${(options.durationMs * options.faultAt / 1000).toFixed(1)} s; seed ${options.seed}`,
    '',
    table(results),
    '',
    'Redis/DB: remaining units in the gate / flash_stock − sold ("missing": no key; "holds": Redis per-user units/users ≠ user_purchase). DB xacts: commits + rollbacks of the run\'s database during the storm and settle, the checker\'s own left out; ≈ from refusals: beyond what the baseline spends per accepted order.',
    '',
    details(results),
  ].join('\n');
  console.log(`\n${report}\n`);
  writeFileSync(path.join(dir, 'report.md'), `${report}\n`);
  const failed = results.filter((r) => r.problems.length);
  console.log(`${failed.length ? `FAIL: ${failed.map((r) => r.fault.id).join(', ')}` : 'PASS'} — ${results.length} run(s) in ${((performance.now() - started) / 1000).toFixed(0)} s; report and records in ${dir}`);
  await stopAll();
  process.exit(failed.length ? 1 : 0);
}

const emptySnapshot: Snapshot = { flashStock: 0, sold: 0, remaining: 0, orders: 0, units: 0, dbHolds: {}, redisRemaining: undefined, redisHolds: undefined, outboxPending: 0 };

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
