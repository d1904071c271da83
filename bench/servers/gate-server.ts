// H's server: a bare Node http server that runs the project's stock-gate script once per
// request (through the same gate the app uses) and answers with its result.
// argv: keyPrefix flashSkuId
import http from 'node:http';
import { benchGate } from '../lib/gate';
import { childReady, exitOnSignals } from '../lib/child';

const [prefix = 'lc:bench:h:', flashSku = '1'] = process.argv.slice(2);
const flashSkuId = Number(flashSku);
const kv = benchGate(prefix);
const HASH = 'f'.repeat(64);
let n = 0;

const server = http.createServer((req, res) => {
  // Read the body like a JSON API would, then run the gate.
  req.resume();
  req.on('end', () => {
    n += 1;
    kv.gate
      .reserve({ flashSkuId, userId: n % 100_000, quantity: 1, perUserLimit: 1e9, idempotencyKey: `h${process.pid}_${n}`, requestHash: HASH })
      .then((r) => {
        res.writeHead(r.ok ? 200 : 409, { 'content-type': 'application/json' });
        res.end(JSON.stringify(r));
      })
      .catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
  });
});
server.keepAliveTimeout = 65_000;
exitOnSignals(async () => {
  server.close();
  await kv.close();
});
server.listen(0, '127.0.0.1', () => childReady({ port: (server.address() as { port: number }).port }));
