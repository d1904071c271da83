// socket.io authentication and rooms: the session cookie decides which rooms a socket may join.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { Container } from '@/server/container';
import { sessionCookieFor } from '@/server/modules/auth/session-cookies';
import { BACKENDS, createSeededContainer, userByName } from '@/server/testing/harness';
import type { ClientToServerEvents, JoinTarget, ServerToClientEvents } from './events';
import { rooms } from './events';
import type { createSocketServer } from './socket-server';
import { startTestInstance } from '@/server/testing/instance';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe.each(BACKENDS)('socket rooms on %s', (backend) => {
  let container: Container;
  let url: string;
  let io: ReturnType<typeof createSocketServer>;
  const clients: Client[] = [];
  let liveId: number;
  let otherLiveId: number;

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    ({ io, url } = await startTestInstance(container));
    liveId = (await container.db.liveSession.findFirstOrThrow({ where: { host: { username: 'host1' } }, select: { id: true } })).id;
    otherLiveId = (await container.db.liveSession.findFirstOrThrow({ where: { host: { username: 'host2' } }, select: { id: true } })).id;
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await io?.close();
    await container?.close();
  });

  async function client(username?: string): Promise<Client> {
    const cookie = username ? await sessionCookieFor(container, (await userByName(container, username)).id) : '';
    const socket: Client = connect(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true });
    clients.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  const join = (socket: Client, target: JoinTarget) => socket.emitWithAck('room:join', target);

  it('lets anyone join a viewer room, and pushes room events to it', async () => {
    const viewer = await client();
    expect(await join(viewer, { liveId, as: 'viewer' })).toEqual({ ok: true });
    const got = new Promise((resolve) => viewer.once('pin:changed', resolve));
    container.realtime.toRoom(rooms.viewers(liveId), 'pin:changed', { liveId, pinned: null, at: new Date().toISOString() });
    await expect(got).resolves.toMatchObject({ liveId, pinned: null });
  });

  it('keeps signed-out sockets and viewers out of host and ops rooms', async () => {
    const anonymous = await client();
    expect(await join(anonymous, { liveId, as: 'host' })).toEqual({ ok: false, error: 'FORBIDDEN' });
    expect(await join(anonymous, { as: 'ops' })).toEqual({ ok: false, error: 'FORBIDDEN' });
    const viewer = await client('viewer1');
    expect(await join(viewer, { liveId, as: 'host' })).toEqual({ ok: false, error: 'FORBIDDEN' });
  });

  it('lets a host into the desk room of the own shop only, and ops into the board', async () => {
    const host = await client('host1');
    expect(await join(host, { liveId, as: 'host' })).toEqual({ ok: true });
    expect(await join(host, { liveId: otherLiveId, as: 'host' })).toEqual({ ok: false, error: 'FORBIDDEN' });
    const ops = await client('ops1');
    expect(await join(ops, { as: 'ops' })).toEqual({ ok: true });
  });

  it('refuses rooms that do not exist', async () => {
    const viewer = await client();
    expect(await join(viewer, { liveId: 987_654, as: 'viewer' })).toEqual({ ok: false, error: 'FORBIDDEN' });
  });
});
