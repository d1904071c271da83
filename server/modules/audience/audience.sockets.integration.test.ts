// Presence through real sockets: a viewer socket joining a room's viewer room enters it, leaving
// or disconnecting leaves it; with Redis, sockets on two app instances count together, one
// browser once; the handshake hands a browser without one its visitor cookie.
import type { Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { seed } from '@/prisma/seed';
import type { Container } from '@/server/container';
import type { ClientToServerEvents, ServerToClientEvents } from '@/server/realtime/events';
import type { createSocketServer } from '@/server/realtime/socket-server';
import { BACKENDS, callerFor, createTestContainer, userByName, type Backend } from '@/server/testing/harness';
import { audienceRuntime } from './runtime';
import { audienceRoomHook, giveVisitorCookies } from './socket-hooks';
import { startTestInstance } from '@/server/testing/instance';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe.each(BACKENDS)('audience over sockets on %s', (backend: Backend) => {
  const instances: { container: Container; http: HttpServer; io: ReturnType<typeof createSocketServer>; url: string }[] = [];
  const clients: Client[] = [];
  let liveId: number;

  async function instance(container: Container) {
    const instance = await startTestInstance(container, { onRoom: audienceRoomHook(audienceRuntime(container)) });
    giveVisitorCookies(instance.io, container.env);
    instances.push(instance);
  }

  beforeAll(async () => {
    const redisKeyPrefix = backend === 'embedded' ? undefined : `${inject('redisPrefix')}auds${randomUUID().slice(0, 6)}:`;
    const first = await createTestContainer(backend, {}, { redisKeyPrefix });
    if (backend === 'embedded') await seed(first.db);
    await instance(first);
    // A second app instance on the same database and Redis (the embedded default is one process).
    if (backend !== 'embedded') await instance(await createTestContainer(backend, {}, { redisKeyPrefix }));
    const host = callerFor(first, await userByName(first, 'host1'));
    liveId = (await host.live.create({ title: `在线测试 ${randomUUID().slice(0, 6)}` })).id;
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    for (const { io, container } of instances.reverse()) {
      await io.close();
      await container.close();
    }
  });

  async function viewer(on: number, cookie = ''): Promise<Client> {
    const socket: Client = connect(instances[on % instances.length]!.url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true });
    clients.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    expect(await socket.emitWithAck('room:join', { liveId, as: 'viewer' })).toEqual({ ok: true });
    return socket;
  }

  const online = async (on = 0) => {
    const audience = audienceRuntime(instances[on % instances.length]!.container);
    // Past the once-a-second memo of the figures.
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    return (await audience.figures(liveId)).online;
  };
  const openVisits = () => instances[0]!.container.db.liveVisit.count({ where: { liveId, leftAt: null } });

  it('counts viewer sockets on either instance once per browser, and ends visits on leave and disconnect', async () => {
    const first = await viewer(0, 'lc_vid=browserAAAAAAAA');
    await vi.waitFor(async () => expect(await online(1)).toBe(1), { timeout: 5_000 });
    // The same browser in a second tab, on the other instance: still one viewer, two entries.
    const second = await viewer(1, 'lc_vid=browserAAAAAAAA');
    const other = await viewer(1, 'lc_vid=browserBBBBBBBB');
    await vi.waitFor(async () => expect(await online(0)).toBe(2), { timeout: 5_000 });
    expect(await instances[0]!.container.db.liveVisit.count({ where: { liveId } })).toBe(3);
    expect(await instances[0]!.container.db.trackingEvent.count({ where: { liveId, type: 'ROOM_ENTER', visitorId: 'browserAAAAAAAA' } })).toBe(2);

    first.emit('room:leave', { liveId, as: 'viewer' });
    await vi.waitFor(async () => expect(await openVisits()).toBe(2), { timeout: 5_000 });
    expect(await online(1)).toBe(2);
    second.disconnect();
    other.disconnect();
    await vi.waitFor(async () => expect(await openVisits()).toBe(0), { timeout: 5_000 });
    expect(await online(0)).toBe(0);
    expect((await audienceRuntime(instances[0]!.container).figures(liveId)).peak).toBe(2);
  });

  it('does not keep a viewer who left before the join was answered', async () => {
    for (let i = 0; i < 5; i++) {
      const socket: Client = connect(instances[i % instances.length]!.url, { transports: ['websocket'], extraHeaders: { cookie: `lc_vid=hasty${i}xxxxxxx` }, forceNew: true });
      clients.push(socket);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.emit('room:join', { liveId, as: 'viewer' }, () => {});
      socket.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    await vi.waitFor(async () => expect(await openVisits()).toBe(0), { timeout: 5_000 });
    expect(await online(0)).toBe(0);
    for (const { container } of instances) expect(audienceRuntime(container).localConnections).toBe(0);
  });

  it('gives a browser without a visitor cookie one in the handshake, and counts it under it', async () => {
    const http = instances[0]!;
    const res = await fetch(`${http.url}/socket.io/?EIO=4&transport=polling`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lc_vid='));
    expect(cookie).toMatch(/^lc_vid=[A-Za-z0-9_-]{8,64}; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax/);
    // One that has it gets no other.
    const again = await fetch(`${http.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie: cookie!.split(';')[0]! } });
    expect(again.headers.getSetCookie().some((c) => c.startsWith('lc_vid='))).toBe(false);

    const anonymous = await viewer(0);
    await vi.waitFor(async () => expect(await openVisits()).toBe(1), { timeout: 5_000 });
    const visit = await http.container.db.liveVisit.findFirstOrThrow({ where: { liveId, leftAt: null }, select: { visitorId: true } });
    expect(visit.visitorId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    anonymous.disconnect();
    await vi.waitFor(async () => expect(await openVisits()).toBe(0), { timeout: 5_000 });
  });
});
