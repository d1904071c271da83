// D's server: a bare Node http server on a pg Pool, no Redis. Per request one transaction:
// the conditional single-row decrement and, when it took, an order insert. GET /stats tells
// how many were accepted and when the first and last were.
// argv: databaseUrl poolSize
import http from 'node:http';
import pg from 'pg';
import { childReady, exitOnSignals } from '../lib/child';

const [url, poolSize = '16'] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: Number(poolSize) });
let n = 0;
let accepted = 0;
let firstAt = 0;
let lastAt = 0;
let failures = 0;

async function order(): Promise<boolean> {
  const seq = ++n;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const taken = await client.query('UPDATE bench_flash_sku SET sold = sold + 1 WHERE id = 1 AND sold + 1 <= stock');
    if (taken.rowCount !== 1) {
      await client.query('ROLLBACK');
      return false;
    }
    await client.query('INSERT INTO bench_order (order_sn, user_id, flash_sku_id, quantity, amount) VALUES ($1, $2, 1, 1, 1990)', [`${process.pid}-${seq}`, seq % 10_000]);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const server = http.createServer((req, res) => {
  if (req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ accepted, firstAt, lastAt }));
  }
  req.resume();
  req.on('end', () => {
    order()
      .then((ok) => {
        if (ok) {
          accepted += 1;
          lastAt = Date.now();
          if (!firstAt) firstAt = lastAt;
        }
        res.writeHead(ok ? 200 : 409, { 'content-type': 'application/json' });
        res.end(ok ? '{"ok":true}' : '{"ok":false,"reason":"SOLD_OUT"}');
      })
      .catch((error: unknown) => {
        failures += 1;
        if (failures === 1) console.error('D server: first failure:', error instanceof Error ? error.message : error);
        res.writeHead(500);
        res.end(String(error));
      });
  });
});
server.keepAliveTimeout = 65_000;
exitOnSignals(async () => {
  server.close();
  await pool.end();
});
server.listen(0, '127.0.0.1', () => childReady({ port: (server.address() as { port: number }).port }));
