// One app instance for tests: the request handler (or any) and the socket server of a container
// on a free loopback port — what server/index.ts assembles, without Next.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Container } from '@/server/container';
import { createRequestHandler } from '@/server/http';
import { socketRoomFor } from '@/server/modules/live/live.service';
import { createSocketServer, type RoomHook } from '@/server/realtime/socket-server';

export interface TestInstance {
  container: Container;
  http: Server;
  io: ReturnType<typeof createSocketServer>;
  /** host:port */
  address: string;
  url: string;
  /** Closes the socket server (and with it the HTTP server), then the container. */
  close(): Promise<void>;
}

export async function startTestInstance(
  container: Container,
  options: { handler?: 'app' | RequestListener; onRoom?: RoomHook } = {},
): Promise<TestInstance> {
  const handler = options.handler === 'app' ? createRequestHandler(container, (_req, res) => res.end()) : (options.handler ?? ((_req, res) => res.end()));
  const http = createServer(handler);
  const io = createSocketServer(http, {
    sessionPassword: container.sessionPassword,
    redis: container.redis,
    log: container.log,
    realtime: container.realtime,
    access: (user, target) => socketRoomFor(container.db, user, target),
    ...(options.onRoom ? { onRoom: options.onRoom } : {}),
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    container,
    http,
    io,
    address,
    url: `http://${address}`,
    async close() {
      await io.close();
      await container.close();
    },
  };
}
