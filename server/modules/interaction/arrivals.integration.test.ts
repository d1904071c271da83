// "X 来了": viewers opening the room become one line per few seconds, the first of a quiet room
// at once; a reconnect is not an arrival, and hosts are not announced.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { sessionCookieFor } from '@/server/modules/auth/session-cookies';
import { socketRoomFor } from '@/server/modules/live/live.service';
import type { Emitted } from '@/server/realtime/emitter';
import type { ClientToServerEvents, CommentView, ServerToClientEvents } from '@/server/realtime/events';
import { createSocketServer } from '@/server/realtime/socket-server';
import { setupFlashSale } from '@/server/testing/flash';
import { BACKENDS, callerFor, createSeededContainer, createViewers, userByName } from '@/server/testing/harness';
import { interactionRoomHook } from './socket-hook';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe.each(BACKENDS)('arrivals on %s', (backend) => {
  let container: Container;
  let http: Server;
  let io: ReturnType<typeof createSocketServer>;
  let url: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    http = createServer();
    io = createSocketServer(http, {
      sessionPassword: container.sessionPassword,
      redis: container.redis,
      log: container.log,
      realtime: container.realtime,
      access: (user, target) => socketRoomFor(container.db, user, target),
      onRoom: interactionRoomHook(container),
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await io?.close();
    await container?.close();
  });

  async function join(liveId: number, cookie: string) {
    const socket: Client = connect(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true });
    clients.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    expect(await socket.emitWithAck('room:join', { liveId, as: 'viewer' })).toEqual({ ok: true });
    return socket;
  }

  it('announces the first viewer at once and the next ones as one line, each viewer once', async () => {
    const { liveId } = await setupFlashSale(container, { stock: 1, limit: 1 });
    const lines: CommentView[] = [];
    const stop = container.realtime.onEmit((e: Emitted) => {
      if (e.event === 'comments:changed' && e.room === `live:${liveId}`) lines.push(...(e.payload as { added: CommentView[] }).added);
    });
    try {
      const people = await createViewers(container, 4, 'arrive');
      const cookies = await Promise.all(people.map((p) => sessionCookieFor(container, p.id)));
      await join(liveId, cookies[0]!);
      await expect.poll(() => lines.length).toBe(1);
      expect(lines[0]).toMatchObject({ kind: 'SYSTEM', userName: people[0]!.name, system: { type: 'arrivals', count: 1 } });
      // The same viewer again (a reload, a second tab) and a host: no one new.
      await join(liveId, cookies[0]!);
      await join(liveId, await sessionCookieFor(container, (await userByName(container, 'host1')).id));
      for (const cookie of cookies.slice(1)) await join(liveId, cookie);
      await expect.poll(() => lines.length, { timeout: 8000 }).toBe(2);
      expect(lines[1]).toMatchObject({ kind: 'SYSTEM', userName: people[1]!.name, system: { type: 'arrivals', count: 3 } });
      // Stored, so viewers joining later see it among the last comments.
      const tail = await callerFor(container).interaction.comments({ liveId });
      expect(tail.comments.filter((c) => c.kind === 'SYSTEM').map((c) => c.system?.count)).toEqual([1, 3]);
    } finally {
      stop();
    }
  });
});
