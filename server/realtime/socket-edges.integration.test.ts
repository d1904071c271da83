// The socket's edges: another site's page cannot open a socket (polling or WebSocket), and a
// malformed join or leave is answered BAD_REQUEST without a line in the log.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { socketRoomFor } from '@/server/modules/live/live.service';
import { createSeededContainer } from '@/server/testing/harness';
import type { ClientToServerEvents, ServerToClientEvents } from './events';
import { createSocketServer } from './socket-server';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('socket edges', () => {
  let container: Container;
  let http: Server;
  let url: string;
  let io: ReturnType<typeof createSocketServer>;
  let liveId: number;
  const logged: string[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    container = await createSeededContainer('embedded');
    http = createServer();
    const log = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _enc, done) => void (logged.push(chunk.toString()), done()) }));
    io = createSocketServer(http, { sessionPassword: container.sessionPassword, log, realtime: container.realtime, access: (user, target) => socketRoomFor(container.db, user, target) });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    liveId = (await container.db.liveSession.findFirstOrThrow({ select: { id: true } })).id;
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await io?.close();
    await container?.close();
  });

  /** Connects with these headers; resolves the socket, or the handshake's refusal. */
  function open(transport: 'websocket' | 'polling', headers: Record<string, string>): Promise<{ socket: Client } | { refused: string }> {
    const socket: Client = connect(url, { transports: [transport], extraHeaders: headers, forceNew: true, reconnection: false });
    clients.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (error) => resolve({ refused: `${error.message} ${JSON.stringify((error as { context?: unknown }).context ?? null)}` }));
    });
  }

  it.each(['websocket', 'polling'] as const)('refuses a handshake from another site (%s), and takes the app’s own and non-browser ones', async (transport) => {
    const foreign = await open(transport, { origin: 'https://evil.example' });
    expect(foreign).toHaveProperty('refused');
    if (transport === 'polling') expect((foreign as { refused: string }).refused).toContain('FOREIGN_ORIGIN');
    expect(await open(transport, { origin: url })).toHaveProperty('socket');
    expect(await open(transport, {})).toHaveProperty('socket');
  });

  it('answers malformed joins with BAD_REQUEST, quietly, and still takes a good one', async () => {
    const opened = await open('websocket', {});
    const { socket } = opened as { socket: Client };
    const join = (payload: unknown) => socket.timeout(2000).emitWithAck('room:join', payload as never);
    for (const payload of [null, undefined, 42, 'live:1', {}, { as: 'viewer' }, { as: 'viewer', liveId: '1' }, { as: 'viewer', liveId: -1 }, { as: 'viewer', liveId: 1.5 }, { as: 'admin', liveId: 1 }, { as: 'ops', liveId: 1, extra: true }]) {
      expect(await join(payload), JSON.stringify(payload) ?? 'undefined').toEqual({ ok: false, error: 'BAD_REQUEST' });
    }
    socket.emit('room:leave', null as never);
    socket.emit('room:leave', { as: 'host' } as never);
    expect(await join({ as: 'viewer', liveId })).toEqual({ ok: true });
    expect(logged.filter((line) => /"level":(40|50)/.test(line))).toEqual([]);
  });
});
