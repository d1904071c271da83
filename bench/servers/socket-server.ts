// W's server: the project's socket.io server (server/realtime/socket-server.ts, with the Redis
// adapter as in production) on a bare http server; every socket may join viewer room 1.
// On request it pushes stock:changed at a fixed rate, the emit time (ms) in `seq`.
import http from 'node:http';
import { createLogger } from '../../server/logger';
import { Realtime } from '../../server/realtime/emitter';
import { rooms } from '../../server/realtime/events';
import { createSocketServer } from '../../server/realtime/socket-server';
import { createRedisClient } from '../../server/redis/redis-kv';
import { REDIS_URL } from '../lib/env';
import { childReady, exitOnSignals, onMessage, reply } from '../lib/child';

const LIVE_ID = 1;
const server = http.createServer((_req, res) => {
  res.writeHead(404);
  res.end();
});
const redis = createRedisClient(REDIS_URL);
const realtime = new Realtime();
const io = createSocketServer(server, {
  sessionPassword: 's'.repeat(32),
  redis,
  log: createLogger('warn'),
  realtime,
  access: async () => rooms.viewers(LIVE_ID),
});

onMessage(async (m) => {
  if (m.type === 'count') {
    reply({ type: 'count', sockets: io.engine.clientsCount, inRoom: io.sockets.adapter.rooms.get(rooms.viewers(LIVE_ID))?.size ?? 0 });
  } else if (m.type === 'emit') {
    const hz = Number(m.hz);
    const total = Math.round(hz * Number(m.seconds));
    let sent = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        realtime.toRoom(rooms.viewers(LIVE_ID), 'stock:changed', { liveId: LIVE_ID, flashSaleId: 1, flashSkuId: 1, skuId: 1, remaining: total - sent, seq: Date.now() });
        sent += 1;
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 1000 / hz);
    });
    reply({ type: 'emitted', count: sent });
  }
});
exitOnSignals(async () => {
  await io.close();
  await redis.quit();
});
server.listen(0, '127.0.0.1', () => childReady({ port: (server.address() as { port: number }).port }));
