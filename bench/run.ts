// The benchmark harness: `npm run bench` (full) or `npm run bench -- --smoke` (each section a
// few seconds). Baselines and the app are measured in the same run, so the ratios compare
// like with like on this machine. Prints one table and writes bench/results/<date>.md.
// Exits non-zero only on a correctness failure (oversell, disagreeing totals) or a crash.
// Options: --smoke, --only=R,H,T,D,E2E,V,S,C,L,W,X,Z, --room=sockets,seconds,comments/s,likes/s (L)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { measureDbOnly, measureHttpGate, measureTrpcGate, type DbOnlyResult, type HttpGateResult } from './baselines';
import { measureCart } from './cart';
import { measureFanout, type FanoutResult } from './fanout';
import { measureLevers, serverCpuPer, type LeverFigures, type LeverVariant } from './levers';
import { measureLiveRoom, type LiveRoomResult } from './live-room';
import { appContainer, dropRedisPrefix, startApp } from './lib/app';
import { freshDatabase } from './lib/env';
import { formatCpu, stopAll } from './lib/proc';
import { measureRaw } from './raw';
import { measureDrain } from './stats-drain';
import { measureScaleOut } from './scale-out';
import { measureClusterScaleOut, type ClusterStorm } from './scale-out-cluster';
import { runStorms, type StormRun } from './storm';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).toUpperCase().split(',');
const wanted = (section: string) => !only || only.includes(section);
// --room=sockets,seconds,comments/s,likes/s: L at other figures (to see where a limit is).
const roomArg = args.find((a) => a.startsWith('--room='))?.slice('--room='.length).split(',').map(Number);

const config = smoke
  ? {
      raw: { calls: 50_000, concurrency: 100, benchmarkCalls: 50_000 },
      http: { connections: 50, durationSec: 2 },
      db: { connections: 50, durationSec: 2, stock: 20_000, poolSize: 16 },
      storm: { viewers: 200, connections: 50, closedSeconds: 3, closedStock: 20_000, openSeconds: 3, openRateShare: 0.7, openMaxRate: 5000 },
      levers: { viewers: 200, connections: 50, seconds: 2, rounds: 1, warmSeconds: 1 },
      drain: [200, 1000],
      cart: { connections: 20, durationSec: 2 },
      fanout: { sockets: [200, 500], seconds: 2 },
      scaleOut: { viewers: 200, connections: 50, seconds: 3, stock: 20_000 },
      clusterScale: { viewers: 200, connections: 50, seconds: 2, rounds: 1 },
      room: { sockets: 500, seconds: 3, commentsPerSec: 50, likesPerSec: 500, twoInstances: false },
    }
  : {
      raw: { calls: 200_000, concurrency: 100, benchmarkCalls: 200_000 },
      http: { connections: 100, durationSec: 10 },
      db: { connections: 100, durationSec: 10, stock: 20_000, poolSize: 16 },
      storm: { viewers: 2000, connections: 100, closedSeconds: 15, closedStock: 20_000, openSeconds: 10, openRateShare: 0.7, openMaxRate: 5000 },
      levers: { viewers: 2000, connections: 100, seconds: 8, rounds: 3, warmSeconds: 2 },
      drain: [1000, 10_000],
      cart: { connections: 50, durationSec: 10 },
      fanout: { sockets: [1000, 5000], seconds: 10 },
      scaleOut: { viewers: 2000, connections: 100, seconds: 10, stock: 20_000 },
      clusterScale: { viewers: 2000, connections: 100, seconds: 5, rounds: 3 },
      room: { sockets: 5000, seconds: 10, commentsPerSec: 200, likesPerSec: 2000, twoInstances: true },
    };

interface Row {
  section: string;
  measure: string;
  result: string;
  target: string;
  cpu: string;
}

const rows: Row[] = [];
const failures: string[] = [];
const row = (section: string, measure: string, result: string, target = '', cpu = '') => rows.push({ section, measure, result, target, cpu });
const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');
const ratioText = (ratio: number, target: number, word = '≥', label = String(target)) => `×${ratio >= 1 ? ratio.toFixed(2) : ratio.toPrecision(2)} (target ${word} ${label}) ${mark(word === '≥' ? ratio >= target : ratio <= target)}`;
const us = (seconds: number) => `${n0(seconds * 1e6)} µs`;
const times = (ratio: number) => `×${ratio >= 1 ? ratio.toFixed(2) : ratio.toPrecision(2)}`;

/** `host`: runs for sections nested in it too (E2E's app serves C and L). */
async function section(name: string, work: () => Promise<void>, host = false) {
  if (!wanted(name) && !host) return;
  const started = Date.now();
  console.log(`\n== ${name} ==`);
  try {
    await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push(`${name}: ${message}`);
    row(name, 'CRASHED', message.split('\n')[0]!.slice(0, 160), '✗');
    console.error(error);
  }
  console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

let h: HttpGateResult | undefined;
let t: HttpGateResult | undefined;
let d: DbOnlyResult | undefined;
let storms: StormRun[] = [];
let levers: LeverVariant[] = [];

async function main() {
  await section('R', async () => {
    const r = await measureRaw(config.raw);
    row('R', `stock-gate Lua via ioredis, 1 process, ${n0(r.ioredis.calls)} calls, ${r.ioredis.concurrency} in flight`, `${n0(r.ioredis.perSecond)} ops/s`, '', formatCpu(r.ioredis.cpu));
    if ('error' in r.redisBenchmark) row('R', 'redis-benchmark EVALSHA of the same script', `not measured: ${r.redisBenchmark.error}`);
    else row('R', `redis-benchmark EVALSHA, ${n0(r.redisBenchmark.calls)} calls, ${r.redisBenchmark.clients} clients`, `${n0(r.redisBenchmark.perSecond)} ops/s (p50 ${r.redisBenchmark.p50} ms)`, '', formatCpu(r.redisBenchmark.cpu));
  });

  await section('H', async () => {
    h = await measureHttpGate(config.http);
    row('H', `bare http + Lua per request, ${config.http.connections} conns, ${config.http.durationSec} s`, `${n0(h.load.perSecond)} req/s, p50 ${ms(h.load.p50)}, p99 ${ms(h.load.p99)}`, '', formatCpu(h.cpu));
  });

  await section('T', async () => {
    t = await measureTrpcGate(config.http);
    row('T', `tRPC standalone adapter + Lua per call (superjson, zod; no session, no database), ${config.http.connections} conns, ${config.http.durationSec} s`, `${n0(t.load.perSecond)} calls/s, p50 ${ms(t.load.p50)}, p99 ${ms(t.load.p99)}`, '', formatCpu(t.cpu));
  });

  await section('D', async () => {
    d = await measureDbOnly(config.db);
    if (!d.consistent) failures.push('D: the database-only baseline disagrees with itself (sold vs orders)');
    row('D', `bare http + pg (pool ${d.poolSize}), single-row UPDATE + INSERT, ${config.db.connections} conns, ${config.db.durationSec} s`,
      `${n0(d.acceptedPerSecond)} accepted/s (${n0(d.accepted)} orders${d.soldOut ? ', sold out' : ''}), p50 ${ms(d.load.p50)}, p99 ${ms(d.load.p99)}`, d.consistent ? 'consistent ✓' : 'INCONSISTENT ✗', formatCpu(d.cpu));
  });

  if (wanted('E2E') || wanted('C') || wanted('L')) {
    await section('E2E', async () => {
      const db = await freshDatabase('e2e');
      try {
        const app = await startApp(db.url);
        try {
          const container = await appContainer(app, db.url);
          try {
            if (wanted('E2E')) {
              storms = await runStorms(app, container, config.storm);
              for (const s of storms) {
                const tally = s.check.sold === s.check.acceptedReplies ? `sold ${n0(s.check.sold)} = replies` : `sold ${n0(s.check.sold)}, replies ${n0(s.check.acceptedReplies)} (the rest cut off when the generator stopped)`;
                const correct = s.check.ok ? `correct ✓ (${tally}, Redis ${n0(s.check.redisRemaining ?? -1)} left, max/user ${s.check.maxPerUser})` : `FAILED ✗ ${s.check.problems.join('; ')}`;
                if (!s.check.ok) failures.push(`E2E ${s.name}: ${s.check.problems.join('; ')}`);
                const reasons = Object.entries(s.reasons).map(([k, v]) => `${k} ${n0(v)}`).join(', ');
                row('E2E', s.name, `${n0(s.attemptsPerSecond)} attempts/s, ${n0(s.acceptedPerSecond)} accepted/s, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}${reasons ? `; refused: ${reasons}` : ''}${s.errors ? `; errors ${s.errors}` : ''}${s.note ? `; ${s.note}` : ''}`, correct, formatCpu(s.cpu));
              }
            }
            await section('C', async () => {
              const c = await measureCart(app, container, [1, 2, 3], config.cart);
              row('C', `GET /api/live/goods-list?live_id=${c.liveId} (${n0(c.bytes)} B), app`, `${n0(c.app.load.perSecond)} req/s, p50 ${ms(c.app.load.p50)}, p99 ${ms(c.app.load.p99)}`, '', formatCpu(c.app.cpu));
              row('C', 'bare http + one Redis GET of the same JSON', `${n0(c.bare.load.perSecond)} req/s, p50 ${ms(c.bare.load.p50)}, p99 ${ms(c.bare.load.p99)}`, '', formatCpu(c.bare.cpu));
              row('ratio', 'C app ÷ bare', '', ratioText(c.ratio, 0.5));
            });
            await section('L', async () => {
              const [sockets, seconds, commentsPerSec, likesPerSec] = roomArg ?? [];
              const figures = roomArg ? { sockets: sockets!, seconds: seconds!, commentsPerSec: commentsPerSec!, likesPerSec: likesPerSec! } : config.room;
              reportRoom(await measureLiveRoom([app], container, figures));
              if (!config.room.twoInstances) return;
              // The same room on two instances of one deployment: sockets and senders split, pushes
              // crossing through Redis — the fan-out on both cores instead of one.
              const second = await startApp(db.url, app);
              try {
                reportRoom(await measureLiveRoom([app, second], container, figures));
              } finally {
                await second.child.stop();
              }
            });
          } finally {
            await container.close();
          }
        } finally {
          await app.child.stop();
          await dropRedisPrefix(app.prefix).catch((error: unknown) => console.error('E2E: Redis cleanup failed', error));
        }
      } finally {
        await db.drop();
      }
    }, true);
  }

  await section('V', async () => {
    levers = await measureLevers(config.levers);
    reportLevers(levers);
  });

  await section('S', async () => {
    for (const s of await measureDrain(config.drain)) {
      if (!s.identical) failures.push(`S: totals differ between one-by-one and batch at backlog ${s.backlog}`);
      row('S', `stats drain, backlog ${n0(s.backlog)}`, `one-by-one ${n0(s.singlePerSecond)} ev/s, batch ${n0(s.batchPerSecond)} ev/s, totals ${s.identical ? 'identical' : 'DIFFER'}`, `${ratioText(s.ratio, 8)}${s.identical ? '' : ' FAILED'}`);
    }
  });

  await section('X', async () => {
    const x = await measureScaleOut(config.scaleOut);
    row('X', 'two instances, one database and Redis: an order through A, a viewer socket on B', x.push.ok ? `stock:changed on B ${ms(x.push.ms)} after the order was sent to A (pushes are coalesced to ≤ 10/s)` : `not received: ${x.push.error}`, x.push.ok ? 'received ✓' : 'FAILED ✗');
    if (!x.push.ok) failures.push(`X: ${x.push.error}`);
    for (const r of x.runs) {
      if (!r.check.ok) failures.push(`X ${r.instances} instance(s): ${r.check.problems.join('; ')}`);
      const latency = r.latency.map((l, i) => `${r.instances > 1 ? `${'AB'[i]} ` : ''}p50 ${ms(l.p50)}, p99 ${ms(l.p99)}`).join('; ');
      row('X', `closed loop on ${r.instances} instance${r.instances > 1 ? 's (connections split)' : ''}, ${config.scaleOut.connections} connections, ${n0(r.attempts)} attempts`,
        `${n0(r.acceptedPerSecond)} accepted/s; ${latency}${r.errors ? `; errors ${r.errors}` : ''}`,
        r.check.ok ? `correct ✓ (sold ${n0(r.check.sold)} = replies, Redis ${n0(r.check.redisRemaining ?? -1)} left)` : `FAILED ✗ ${r.check.problems.join('; ')}`, formatCpu(r.cpu));
    }
    const [one, two] = x.runs;
    if (one && two) row('ratio', 'X two instances ÷ one (accepted/s)', `×${(two.acceptedPerSecond / one.acceptedPerSecond).toFixed(2)}`, 'report only: 2 cores hold both apps, the load generators, PostgreSQL and Redis');
  });

  await section('Z', async () => {
    const z = await measureClusterScaleOut(config.clusterScale);
    const stormRow = (r: ClusterStorm) => {
      if (!r.check.ok) failures.push(`Z ${r.topology}: ${r.check.problems.join('; ')}`);
      const reasons = Object.entries(r.reasons).map(([k, v]) => `${k} ${n0(v)}`).join(', ');
      const rounds = r.rounds.length > 1 ? ` (median of ${r.rounds.map(n0).join(', ')})` : '';
      row('Z', `storm (sells out) on ${r.topology}, ${config.clusterScale.connections} connections, ${config.clusterScale.seconds} s × ${r.rounds.length} in turns; stock ${n0(r.stock)}, limit 1, ${n0(config.clusterScale.viewers)} viewers`,
        `${n0(r.attemptsPerSecond)} attempts/s${rounds}, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}${reasons ? `; refused: ${reasons}` : ''}${r.errors ? `; errors ${r.errors}` : ''}`,
        r.check.ok ? `correct ✓ (sold ${n0(r.check.sold)} of ${n0(r.check.flashStock)}, Redis ${n0(r.check.redisRemaining ?? -1)} left, max/user ${r.check.maxPerUser})` : `FAILED ✗ ${r.check.problems.join('; ')}`, formatCpu(r.cpu));
    };
    stormRow(z.baseline);
    stormRow(z.cluster);
    row('Z', 'an order through nginx to one instance, a viewer socket (polling, then WebSocket) that nginx sent to the other', z.push.ok ? `stock:changed ${ms(z.push.ms)} after the order was sent (sharded adapter on the cluster)` : `not received: ${z.push.error}`, z.push.ok ? 'received ✓' : 'FAILED ✗');
    if (!z.push.ok) failures.push(`Z: ${z.push.error}`);
    row('ratio', 'Z nginx + 2 instances + Redis Cluster ÷ 1 instance + 1 Redis (storm attempts/s, medians)', `×${(z.cluster.attemptsPerSecond / z.baseline.attemptsPerSecond).toFixed(2)}`, 'report only: the 2 cores hold both apps, nginx, three Redis nodes, PostgreSQL and the load generator');
  });

  let fanout: FanoutResult[] = [];
  await section('W', async () => {
    fanout = await measureFanout(config.fanout);
    for (const w of fanout) {
      row('W', `socket.io fan-out, ${n0(w.sockets)} sockets (${w.processes} client processes), 10 Hz, ${w.seconds} s`,
        `${n0(w.deliveriesPerSecond)} deliveries/s (${(w.deliveryShare * 100).toFixed(1)}% of expected), p50 ${ms(w.p50)}, p99 ${ms(w.p99)}, max ${ms(w.max)}`,
        w.sockets >= 5000 ? `p99 ≤ 300 ms ${mark(w.p99 <= 300)}` : '', formatCpu(w.cpu));
    }
  });

  const closed = storms.find((s) => s.name.startsWith('closed'));
  const sellOut = storms.find((s) => s.name.startsWith('storm'));
  if (t && h) row('ratio', 'T ÷ H: what tRPC over HTTP keeps of the bare server, before any app work', `×${(t.load.perSecond / h.load.perSecond).toPrecision(2)}`, 'context: the ceiling for E2E through this adapter');
  if (sellOut && h) row('ratio', 'E2E attempts/s (storm that sells out) ÷ H', '', ratioText(sellOut.attemptsPerSecond / h.load.perSecond, 0.5));
  if (closed && h) row('ratio', 'E2E attempts/s (every attempt accepted) ÷ H', '', ratioText(closed.attemptsPerSecond / h.load.perSecond, 0.5));
  if (closed && d) row('ratio', 'E2E accepted orders/s ÷ D', '', ratioText(closed.acceptedPerSecond / d.acceptedPerSecond, 3));
  cpuTargetRows(closed, sellOut);
  if (!fanout.some((w) => w.sockets >= 5000) && wanted('W')) row('ratio', 'W p99 at 5,000 sockets', smoke ? 'not run in --smoke' : 'not measured', '');

  report();
}

function reportLevers(variants: LeverVariant[]) {
  const { connections, seconds, rounds, viewers } = config.levers;
  const turns = (f: LeverFigures, pick: (r: StormRun) => number) => (f.runs.length > 1 ? ` (median of ${f.runs.map((r) => n0(pick(r))).join(', ')})` : '');
  const checked = (f: LeverFigures, what: string) => {
    const bad = f.runs.filter((r) => !r.check.ok);
    for (const r of bad) failures.push(`V ${what}: ${r.check.problems.join('; ')}`);
    if (bad.length) return `FAILED ✗ ${bad[0]!.check.problems.join('; ')}`;
    const sold = f.runs.map((r) => r.check.sold);
    return `correct ✓ (${f.runs.length} of ${f.runs.length}; sold ${sold.map(n0).join(', ')} = replies, max/user ${Math.max(...f.runs.map((r) => r.check.maxPerUser))})`;
  };
  const reasons = (f: LeverFigures) => {
    const sum: Record<string, number> = {};
    for (const r of f.runs) for (const [k, v] of Object.entries(r.reasons)) sum[k] = (sum[k] ?? 0) + v;
    return Object.entries(sum).map(([k, v]) => `${k} ${n0(v)}`).join(', ');
  };
  const errors = (f: LeverFigures) => f.runs.reduce((s, r) => s + r.errors, 0);
  for (const v of variants) {
    const c = v.closed;
    row('V', `closed loop, ${v.label}; ${connections} connections, ${c.runs[0]?.attempts ?? 0} attempts × ${c.runs.length} turns`,
      `${n0(c.attemptsPerSecond)} attempts/s, ${n0(c.acceptedPerSecond)} accepted/s${turns(c, (r) => r.acceptedPerSecond)}, p50 ${ms(c.p50)}, p99 ${ms(c.p99)}; CPU per accepted order ${us(c.cpuPerAccepted)}${errors(c) ? `; errors ${errors(c)}` : ''}`,
      checked(c, `${v.key} closed loop`), formatCpu(c.cpu));
  }
  for (const v of variants) {
    const st = v.storm;
    row('V', `storm (sells out), ${v.label}; ${connections} connections, ${seconds} s × ${st.runs.length} turns, stock ${st.runs[0]?.check.flashStock ?? 0}, limit 1, ${n0(viewers)} viewers`,
      `${n0(st.attemptsPerSecond)} attempts/s${turns(st, (r) => r.attemptsPerSecond)}, p50 ${ms(st.p50)}, p99 ${ms(st.p99)}; refused: ${reasons(st)}; CPU per attempt ${us(st.cpuPerAttempt)}${errors(st) ? `; errors ${errors(st)}` : ''}`,
      checked(st, `${v.key} storm`), formatCpu(st.cpu));
  }
  const drainOk = variants.every((v) => v.drain.ok);
  for (const v of variants) if (!v.drain.ok) failures.push(`V ${v.key}: the outbox was not relayed within 60 s (${v.drain.problem})`);
  row('V', 'after the last turn: outbox backlog 0 and each sale\'s live_goods_sales = units sold (the worker\'s relay for the worker variant)',
    `${variants.map((v) => `${v.key} ${v.drain.ok ? `after ${v.drain.seconds.toFixed(1)} s` : `NOT drained: ${v.drain.problem}`}`).join('; ')}; order events per relay transaction: ${variants.map((v) => `${v.key} ${v.drain.eventsPerStep?.toFixed(1) ?? '?'}`).join(', ')}`,
    drainOk ? 'drained ✓' : 'NOT DRAINED ✗');
  const by = (key: string) => variants.find((v) => v.key === key);
  const off = by('off');
  const on = by('on');
  const worker = by('worker');
  const lever = (measure: string, before: number, after: number, unit: (x: number) => string, note: string) =>
    row('ratio', measure, `${unit(before)} → ${unit(after)}`, `${times(after / before)} (${note})`);
  const perSec = (x: number) => `${n0(x)}/s`;
  if (off && on) {
    lever('V lever 1 (in-process refusals) on ÷ off: storm attempts/s', off.storm.attemptsPerSecond, on.storm.attemptsPerSecond, perSec, `medians of ${rounds}, same run`);
    lever('V lever 1 on ÷ off: storm CPU per attempt (app + Redis + PostgreSQL)', off.storm.cpuPerAttempt, on.storm.cpuPerAttempt, us, 'lower is better');
    lever('V lever 1 on ÷ off: closed loop accepted/s (no refusals there: its cost on the order path)', off.closed.acceptedPerSecond, on.closed.acceptedPerSecond, perSec, 'expected ×1');
  }
  if (on && worker) {
    lever('V lever 2 (BACKGROUND_WORK=worker + npm run worker) ÷ here: closed loop accepted/s', on.closed.acceptedPerSecond, worker.closed.acceptedPerSecond, perSec, `medians of ${rounds}, same run`);
    lever('V lever 2 worker ÷ here: CPU per accepted order (app + worker + Redis + PostgreSQL)', on.closed.cpuPerAccepted, worker.closed.cpuPerAccepted, us, 'lower is better');
    lever('V lever 2 worker ÷ here: storm attempts/s', on.storm.attemptsPerSecond, worker.storm.attemptsPerSecond, perSec, 'same run');
  }
  if (off && worker) lever('V both levers ÷ neither: closed loop accepted/s; storm attempts/s', off.closed.acceptedPerSecond, worker.closed.acceptedPerSecond, perSec, `storm ${perSec(off.storm.attemptsPerSecond)} → ${perSec(worker.storm.attemptsPerSecond)}, ${times(worker.storm.attemptsPerSecond / off.storm.attemptsPerSecond)}`);
}

/**
 * The CPU targets of issue 14: the serving side's CPU per event (each process's share over the
 * run ÷ the rate; the load generator left out) against the baseline's in the same run.
 */
function cpuTargetRows(closed: StormRun | undefined, sellOut: StormRun | undefined) {
  const hPer = h ? ((h.cpu.server ?? 0) + (h.cpu.redis ?? 0)) / h.load.perSecond : undefined;
  const dPer = d && d.accepted > 0 ? (((d.cpu.server ?? 0) + (d.cpu.postgres ?? 0)) * d.load.seconds) / d.accepted : undefined;
  const worker = levers.find((v) => v.key === 'worker');
  const refused = (label: string, perAttempt: number) => {
    if (hPer) row('ratio', `CPU per refused attempt (${label}) ÷ H's (server + Redis) per request`, `≈ ${us(perAttempt)} vs H ≈ ${us(hPer)}`, ratioText(perAttempt / hPer, 2, '≤'));
  };
  const accepted = (label: string, perOrder: number) => {
    if (dPer) row('ratio', `CPU per accepted order (${label}) ÷ D's (server + PostgreSQL) per accepted`, `≈ ${us(perOrder)} vs D ≈ ${us(dPer)}`, ratioText(perOrder / dPer, 1 / 3, '≤', '⅓'));
  };
  if (sellOut) refused('app + Redis + PostgreSQL; E2E storm that sells out', serverCpuPer(sellOut.cpu, sellOut.attemptsPerSecond));
  if (worker) refused('app + worker + Redis + PostgreSQL; V storm, both levers', worker.storm.cpuPerAttempt);
  if (closed) accepted('app + Redis + PostgreSQL; E2E closed loop', serverCpuPer(closed.cpu, closed.acceptedPerSecond));
  if (worker) accepted('app + worker + Redis + PostgreSQL; V closed loop, both levers', worker.closed.cpuPerAccepted);
}

function reportRoom(l: LiveRoomResult) {
  const refused = (reasons: Record<string, number>) => Object.entries(reasons).map(([k, v]) => `${k} ${n0(v)}`).join(', ');
  const { comments, likes } = l.sent;
  const whole = l.minShare === 1 && l.disconnects === 0 && l.duplicates === 0 && l.likesMissed === 0 && l.connectedAtEnd === l.sockets;
  const where = l.instances > 1 ? `${l.instances} instances (sockets and senders split)` : 'one instance';
  if (!whole) failures.push(`L ${where}: delivery not whole (worst socket ${(l.minShare * 100).toFixed(2)}% of comments, ${l.disconnects} disconnects, ${l.duplicates} duplicates, ${l.likesMissed} like calls never shown, ${l.connectedAtEnd}/${l.sockets} connected)`);
  row('L', `live room on ${where}, ${n0(l.sockets)} viewer sockets (${l.processes} client processes), ${n0(l.commentsPerSec)} comments/s and ${n0(l.likesPerSec)} likes/s in over HTTP for ${l.seconds} s`,
    `comments: ${n0(comments.accepted.length)} of ${n0(comments.intended)} accepted${Object.keys(comments.reasons).length ? ` (refused: ${refused(comments.reasons)})` : ''}, send→receive on every socket p50 ${ms(l.comments.p50)}, p99 ${ms(l.comments.p99)}, max ${ms(l.comments.max)}; HTTP p50 ${ms(comments.p50)}, p99 ${ms(comments.p99)}`,
    `p99 ≤ 500 ms ${mark(l.comments.p99 <= 500)}`, formatCpu(l.cpu));
  row('L', `likes in the same run (10 per call, as the page batches them)`,
    `${n0(likes.acceptedLikes)} likes counted${Object.keys(likes.reasons).length ? ` (refused: ${refused(likes.reasons)})` : ''}, tap→total on every socket p50 ${ms(l.likes.p50)}, p99 ${ms(l.likes.p99)}, max ${ms(l.likes.max)}`,
    `p99 ≤ 1 s ${mark(l.likes.p99 <= 1000)}`);
  row('L', 'delivery to connected sockets',
    `${(l.deliveredShare * 100).toFixed(2)}% of accepted comments × sockets (worst socket ${(l.minShare * 100).toFixed(2)}%), ${l.connectedAtEnd} of ${l.sockets} connected at the end, ${l.disconnects} disconnects, ${l.duplicates} duplicates`,
    whole ? 'nothing dropped ✓' : 'DROPPED ✗');
}

function report() {
  const header = ['Section', 'Measure', 'Result', 'Target / check', 'CPU (share of one core)'];
  const lines = [header, ...rows.map((r) => [r.section, r.measure, r.result, r.target, r.cpu])].map((cells) => `| ${cells.map((c) => c.replace(/\|/g, '/')).join(' | ')} |`);
  lines.splice(1, 0, `|${header.map(() => '---').join('|')}|`);
  const table = lines.join('\n');
  console.log(`\n${table}\n`);
  const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
  let redisVersion = '';
  let pgVersion = '';
  try {
    redisVersion = execFileSync('redis-server', ['--version']).toString().trim();
  } catch {
    // not on PATH
  }
  try {
    pgVersion = execFileSync('psql', ['--version']).toString().trim();
  } catch {
    // not on PATH
  }
  const day = new Date().toISOString().slice(0, 10);
  const file = `bench/results/${day}${smoke ? '-smoke' : ''}${only ? `-${only.join('-').toLowerCase()}` : ''}.md`;
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    file,
    [
      `# Benchmark ${new Date().toISOString()}${smoke ? ' (smoke: short runs, numbers are indicative only)' : ''}`,
      '',
      `Command: \`${command}\``,
      '',
      `Machine: ${os.cpus().length} cores (nproc ${execFileSync('nproc').toString().trim()}), ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${redisVersion}; ${pgVersion}. Everything (app, baselines, load generators, PostgreSQL, Redis) on this one machine, over 127.0.0.1.`,
      '',
      'CPU is read from /proc/<pid>/stat (utime+stime) before and after each measurement; 100% = one core busy. "postgres" sums the server processes seen at both readings.',
      '',
      table,
      '',
      failures.length ? `Failures:\n\n${failures.map((f) => `- ${f}`).join('\n')}` : 'No correctness failures.',
      '',
    ].join('\n'),
  );
  console.log(`written ${file}`);
  if (failures.length) console.error(`\nFAILED:\n${failures.map((f) => `  ${f}`).join('\n')}`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping children`);
    void stopAll().finally(() => process.exit(130));
  });
}

// A run that never ends is a failed run: stop everything after a generous bound.
const deadline = setTimeout(() => {
  console.error('bench: time limit reached, stopping');
  failures.push('time limit reached');
  void stopAll().finally(() => process.exit(2));
}, (smoke ? 8 : 45) * 60_000);
deadline.unref();

try {
  await main();
} finally {
  await stopAll();
}
process.exit(failures.length ? 1 : 0);
