// The faults, one run each. A fault acts from the outside only: on the run's own redis-server,
// on PostgreSQL's backends of the run's database, or on an app process.
import type pg from 'pg';
import type { App } from '../lib/app';
import { gateKey, type Target, type Window } from './check';
import type { GateStore } from './redis-server';

export interface FaultContext {
  redis: GateStore;
  apps: App[];
  target: Target;
  /** A connection to the maintenance database (not the run's: it must survive terminations). */
  admin: pg.Client;
  dbName: string;
  /** ms since the storm started. */
  now(): number;
  /** Order requests in flight to each instance right now. */
  inFlight(instance: number): number;
  /** Attempts in the wave that comes with the fault. */
  wave: number;
  outage(window: Window): void;
  note(text: string): void;
}

export interface Fault {
  id: number;
  name: string;
  instances: 1 | 2;
  /** The wave that comes with the fault goes all to this instance. */
  waveTo?: number;
  /** 'nginx+cluster': nginx in front of the instances (the storm's only target), a Redis Cluster of three masters. */
  topology?: 'nginx+cluster';
  /** The instance the fault kills (not counted as an instance that died by itself). */
  kills?: number;
  /** Right before the first request of the storm. */
  beforeStorm?(ctx: FaultContext): Promise<void>;
  /** At the run's fault time (a share into the storm). */
  during?(ctx: FaultContext): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function redisDown(ctx: FaultContext, name: string, downMs: number) {
  const start = ctx.now();
  await ctx.redis.down();
  await sleep(Math.max(0, downMs - (ctx.now() - start)));
  await ctx.redis.up();
  ctx.outage({ name, start, end: ctx.now() });
}

export const FAULTS: Fault[] = [
  { id: 1, name: 'none (baseline)', instances: 1 },
  {
    id: 2,
    name: 'gate keys deleted at the start of the burst',
    instances: 1,
    async beforeStorm(ctx) {
      const keys = await ctx.redis.scan(`*{fs:${ctx.target.flashSkuId}}*`);
      const deleted = keys.length ? await ctx.redis.with((r) => r.del(...keys)) : 0;
      ctx.note(`deleted ${deleted} gate key(s): ${keys.map((k) => k.slice(ctx.target.prefix.length)).join(' ')}`);
    },
  },
  {
    id: 3,
    name: 'Redis restarted mid-storm (SHUTDOWN NOSAVE, up again after 1 s)',
    instances: 1,
    during: (ctx) => redisDown(ctx, 'Redis restart', 1000),
  },
  {
    id: 4,
    name: 'Redis stock set to 1000 mid-storm',
    instances: 1,
    async during(ctx) {
      const key = gateKey(ctx.target, 'stock');
      const found = await ctx.redis.scan(`*{fs:${ctx.target.flashSkuId}}:stock`);
      if (!found.includes(key)) ctx.note(`stock key ${key} not found (found: ${found.join(', ') || 'none'})`);
      const was = await ctx.redis.with(async (r) => {
        const before = await r.get(key);
        await r.set(key, '1000');
        return before;
      });
      ctx.note(`stock key was ${was ?? 'missing'}, set to 1000 at ${(ctx.now() / 1000).toFixed(2)} s`);
    },
  },
  {
    id: 5,
    name: 'PostgreSQL backends terminated mid-transaction (4×, 400 ms apart)',
    instances: 1,
    async during(ctx) {
      const start = ctx.now();
      for (let i = 0; i < 4; i += 1) {
        const from = ctx.now();
        if (i) await sleep(300);
        // Strike when a backend of the app is inside a transaction (up to 100 ms more).
        let busy = 0;
        for (let poll = 0; poll < 50 && busy === 0; poll += 1) {
          const { rows } = await ctx.admin.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND xact_start IS NOT NULL AND state <> 'idle'`,
            [ctx.dbName],
          );
          busy = Number(rows[0]!.n);
          if (!busy && ctx.now() - from < 400) await sleep(2);
          else break;
        }
        const { rows } = await ctx.admin.query<{ n: string; busy: string }>(
          `SELECT count(pg_terminate_backend(pid)) AS n, count(*) FILTER (WHERE xact_start IS NOT NULL AND state <> 'idle') AS busy
           FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [ctx.dbName],
        );
        ctx.note(`terminate #${i + 1} at ${(ctx.now() / 1000).toFixed(2)} s: ${rows[0]!.n} backend(s), ${rows[0]!.busy} inside a transaction`);
      }
      ctx.outage({ name: 'backends terminated', start, end: ctx.now() });
    },
  },
  {
    id: 6,
    name: 'two instances, B killed with SIGKILL mid-storm',
    instances: 2,
    kills: 1,
    // B takes the whole wave, and dies with it in flight: orders between gate and commit.
    waveTo: 1,
    async during(ctx) {
      const from = ctx.now();
      while (ctx.inFlight(1) < Math.max(5, ctx.wave / 3) && ctx.now() - from < 1000) await sleep(1);
      const b = ctx.apps[1]!;
      const inFlight = ctx.inFlight(1);
      b.child.proc.kill('SIGKILL');
      ctx.note(`instance B (pid ${b.child.pid}) killed at ${(ctx.now() / 1000).toFixed(2)} s with ${inFlight} order request(s) in flight to it`);
    },
  },
  { id: 7, name: 'two instances, no fault', instances: 2 },
  {
    id: 9,
    name: 'nginx → two instances → Redis Cluster (3 masters), B killed with SIGKILL mid-storm',
    instances: 2,
    topology: 'nginx+cluster',
    kills: 1,
    // nginx spreads the viewers by their session cookie: about half of what is in flight is on B.
    async during(ctx) {
      const from = ctx.now();
      while (ctx.inFlight(0) < Math.max(10, ctx.wave / 2) && ctx.now() - from < 1000) await sleep(1);
      const b = ctx.apps[1]!;
      const inFlight = ctx.inFlight(0);
      const start = ctx.now();
      b.child.proc.kill('SIGKILL');
      // nginx answers 502 for B's requests in flight; new ones go to A (B refuses connections).
      ctx.outage({ name: 'instance B killed', start, end: start + 500 });
      ctx.note(`instance B (pid ${b.child.pid}) killed at ${(start / 1000).toFixed(2)} s with ${inFlight} order request(s) in flight through nginx`);
    },
  },
  {
    id: 8,
    name: 'Redis down for 3 s mid-storm',
    instances: 1,
    during: (ctx) => redisDown(ctx, 'Redis down', 3000),
  },
];
