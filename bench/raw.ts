// R — the raw limit of the stock gate: the project's Lua script (server/modules/inventory/gate-reserve.lua)
// called through ioredis in this process, no HTTP; and the same script through
// redis-benchmark's EVALSHA, Redis' own client in C.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { benchGate } from './lib/gate';
import { gateKeys } from '../server/modules/inventory/gate';
import { REDIS_URL } from './lib/env';
import { cpuMeter, infraGroups, type CpuShares } from './lib/proc';

const run = promisify(execFile);

export interface RawResult {
  ioredis: { calls: number; concurrency: number; perSecond: number; cpu: CpuShares };
  redisBenchmark: { calls: number; clients: number; perSecond: number; p50: number | null; cpu: CpuShares } | { error: string };
}

const HASH = 'f'.repeat(64); // the app sends a sha256 hex of the request body

export async function measureRaw(options: { calls: number; concurrency: number; benchmarkCalls: number }): Promise<RawResult> {
  const prefix = `lc:bench:raw:${process.pid}:${Date.now().toString(36)}:`;
  const kv = benchGate(prefix);
  const flashSkuId = 1;
  try {
    await kv.gate.load(flashSkuId, 1, options.calls * 10, {});
    // One reservation per call, each with its own key and one of 10,000 users: all succeed.
    const warm = Math.min(2000, options.calls / 10);
    await Promise.all(Array.from({ length: warm }, (_, i) => kv.gate.reserve({ flashSkuId, userId: i % 10_000, quantity: 1, perUserLimit: 1e9, idempotencyKey: `w${i}`, requestHash: HASH })));
    let next = 0;
    let failed = 0;
    const meter = cpuMeter({ bench: () => [process.pid], ...infraGroups });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < options.calls) {
          const i = next++;
          const r = await kv.gate.reserve({ flashSkuId, userId: i % 10_000, quantity: 1, perUserLimit: 1e9, idempotencyKey: `r${i}`, requestHash: HASH });
          if (!r.ok || r.duplicate) failed += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = meter();
    if (failed) throw new Error(`R: ${failed} of ${options.calls} reservations did not succeed`);
    const ioredis = { calls: options.calls, concurrency: options.concurrency, perSecond: options.calls / seconds, cpu };

    let redisBenchmark: RawResult['redisBenchmark'];
    try {
      const sha = (await kv.redis.script('LOAD', readFileSync('server/modules/inventory/gate-reserve.lua', 'utf8'))) as string;
      const keys = gateKeys(flashSkuId);
      const url = new URL(REDIS_URL);
      const clients = 50;
      const benchMeter = cpuMeter(infraGroups);
      // __rand_int__ gives each call a random idempotency key and user (a rare repeat is a duplicate, same script work).
      const { stdout } = await run(
        '/usr/bin/redis-benchmark',
        ['-h', url.hostname || '127.0.0.1', '-p', url.port || '6379', '-n', String(options.benchmarkCalls), '-c', String(clients), '-r', '1000000000', '--csv',
          'EVALSHA', sha, '4', prefix + keys.stock, prefix + keys.users, prefix + keys.idem, prefix + keys.gen, '__rand_int__', '1', '1000000000', 'b__rand_int__', HASH],
        { timeout: 120_000 },
      );
      const cpu = benchMeter();
      // --csv: a header line, then "EVALSHA …","rps","avg","min","p50",…
      const line = stdout.trim().split('\n').pop() ?? '';
      const cells = line.split('","').map((c) => c.replace(/"/g, ''));
      const perSecond = Number(cells[1]);
      if (!Number.isFinite(perSecond) || perSecond <= 0) throw new Error(`unexpected redis-benchmark output: ${stdout.slice(0, 300)}`);
      redisBenchmark = { calls: options.benchmarkCalls, clients, perSecond, p50: Number(cells[4]) || null, cpu };
    } catch (error) {
      redisBenchmark = { error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    }
    return { ioredis, redisBenchmark };
  } finally {
    await kv.clear(flashSkuId);
    await kv.close();
  }
}
