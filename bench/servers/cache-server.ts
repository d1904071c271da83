// C's baseline: a bare Node http server answering each request with one Redis GET of a stored
// JSON document. argv: key
import http from 'node:http';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../lib/env';
import { childReady, exitOnSignals } from '../lib/child';

const [key = 'lc:bench:c:doc'] = process.argv.slice(2);
const redis = new Redis(REDIS_URL, { enableAutoPipelining: true });

const server = http.createServer((_req, res) => {
  redis
    .get(key)
    .then((body) => {
      res.writeHead(body === null ? 404 : 200, { 'content-type': 'application/json' });
      res.end(body ?? '{}');
    })
    .catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
});
server.keepAliveTimeout = 65_000;
exitOnSignals(async () => {
  server.close();
  await redis.quit();
});
server.listen(0, '127.0.0.1', () => childReady({ port: (server.address() as { port: number }).port }));
