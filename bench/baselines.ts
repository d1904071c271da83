// The baselines of the same run: H — a bare Node http server running the stock-gate script
// once per request; T — the same behind tRPC's standalone adapter; D — a bare Node http server doing the order as one single-row
// PostgreSQL transaction, no Redis.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { CannonResult } from './load/cannon';
import { DATABASE_URL } from './lib/env';
import { runCannon } from './lib/load';
import { spawnTs, type CpuShares } from './lib/proc';
import { benchGate } from './lib/gate';
import { withDatabase } from '../server/testing/services';

export interface LoadShape {
  connections: number;
  durationSec: number;
}

export interface HttpGateResult {
  load: CannonResult;
  cpu: CpuShares;
}

export async function measureHttpGate(shape: LoadShape): Promise<HttpGateResult> {
  const prefix = `lc:bench:h:${randomUUID().slice(0, 8)}:`;
  const kv = benchGate(prefix);
  const server = spawnTs('bench/servers/gate-server.ts', [prefix, '1']);
  try {
    await kv.gate.load(1, 1, 1e9, {});
    const { port } = await server.next<{ port: number }>((m) => m.type === 'ready', 30_000);
    const { result, cpu } = await runCannon({ url: `http://127.0.0.1:${port}`, path: '/reserve', method: 'POST', ...shape }, { server: () => [server.pid] });
    if (result.statuses['200'] !== result.total - result.errors - result.timeouts && result.total > 0 && (result.statuses['409'] ?? 0) > 0) {
      throw new Error(`H: some reservations were refused: ${JSON.stringify(result.statuses)}`);
    }
    return { load: result, cpu };
  } finally {
    await server.stop();
    await kv.clear(1);
    await kv.close();
  }
}

/**
 * T — the same gate behind tRPC's own standalone HTTP adapter (superjson, zod input), no
 * session, no database: how much of H the customer's API stack keeps before any app work.
 */
export async function measureTrpcGate(shape: LoadShape): Promise<HttpGateResult> {
  const prefix = `lc:bench:t:${randomUUID().slice(0, 8)}:`;
  const kv = benchGate(prefix);
  const server = spawnTs('bench/servers/trpc-gate-server.ts', [prefix, '1']);
  const cookiesFile = path.join(os.tmpdir(), `livecart-bench-t-${process.pid}.json`);
  try {
    await kv.gate.load(1, 1, 1e9, {});
    writeFileSync(cookiesFile, JSON.stringify(['lc_vid=benchmark']));
    const { port } = await server.next<{ port: number }>((m) => m.type === 'ready', 30_000);
    const { result, cpu } = await runCannon({ url: `http://127.0.0.1:${port}`, path: '/api/trpc/reserve', ...shape, storm: { cookiesFile, liveId: 1, skuId: 1, flashSkuId: 1 } }, { server: () => [server.pid] });
    if (result.statuses['200'] !== result.total) throw new Error(`T: not every call was answered 200: ${JSON.stringify(result.statuses)}`);
    return { load: result, cpu };
  } finally {
    await server.stop();
    rmSync(cookiesFile, { force: true });
    await kv.clear(1);
    await kv.close();
  }
}

export interface DbOnlyResult {
  load: CannonResult;
  accepted: number;
  acceptedPerSecond: number;
  soldOut: boolean;
  consistent: boolean;
  cpu: CpuShares;
  poolSize: number;
}

async function admin<T>(work: (c: pg.Client) => Promise<T>, url = DATABASE_URL): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

export async function measureDbOnly(shape: LoadShape & { stock: number; poolSize: number }): Promise<DbOnlyResult> {
  const name = `livecart_bench_dbonly_${Date.now().toString(36)}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(DATABASE_URL, name);
  let server: ReturnType<typeof spawnTs> | undefined;
  try {
    await admin(async (c) => {
      await c.query('CREATE TABLE bench_flash_sku (id int PRIMARY KEY, stock int NOT NULL, sold int NOT NULL DEFAULT 0)');
      await c.query(`CREATE TABLE bench_order (id bigserial PRIMARY KEY, order_sn text NOT NULL UNIQUE, user_id int NOT NULL, flash_sku_id int NOT NULL,
        quantity int NOT NULL, amount int NOT NULL, status text NOT NULL DEFAULT 'PENDING_PAYMENT', created_at timestamptz NOT NULL DEFAULT now())`);
      await c.query('INSERT INTO bench_flash_sku (id, stock) VALUES (1, $1)', [shape.stock]);
    }, url);
    server = spawnTs('bench/servers/db-server.ts', [url, String(shape.poolSize)]);
    const { port } = await server.next<{ port: number }>((m) => m.type === 'ready', 30_000);
    const srv = server;
    const { result, cpu } = await runCannon({ url: `http://127.0.0.1:${port}`, path: '/order', method: 'POST', connections: shape.connections, durationSec: shape.durationSec }, { server: () => [srv.pid] });
    const stats = (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as { accepted: number; firstAt: number; lastAt: number };
    // One statement, one snapshot: requests cut off when the load stopped may still commit.
    const db = await admin(async (c) => {
      const { rows } = await c.query<{ sold: number; orders: string }>('SELECT (SELECT sold FROM bench_flash_sku WHERE id = 1) AS sold, (SELECT count(*) FROM bench_order) AS orders');
      return { sold: rows[0]!.sold, orders: Number(rows[0]!.orders) };
    }, url);
    const soldOut = db.sold >= shape.stock;
    // Sold out early: the rate while there was stock, not diluted by the sold-out tail.
    const window = soldOut ? Math.max(0.001, (stats.lastAt - stats.firstAt) / 1000) : result.seconds;
    return {
      load: result,
      accepted: stats.accepted,
      acceptedPerSecond: stats.accepted / window,
      soldOut,
      consistent: db.sold === db.orders && db.sold <= shape.stock && db.sold >= stats.accepted,
      cpu,
      poolSize: shape.poolSize,
    };
  } finally {
    await server?.stop();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch((error: unknown) => console.error('D: drop failed', error));
  }
}
