// Sign-out ends a session everywhere within seconds: on every instance's HTTP calls (their
// caches hear the revocation) and on their sockets, which are closed.
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '@/prisma/seed-data';
import type { Container } from '@/server/container';
import { socketRoomFor } from '@/server/modules/live/live.service';
import type { ClientToServerEvents, ServerToClientEvents } from '@/server/realtime/events';
import { createSocketServer } from '@/server/realtime/socket-server';
import { BACKENDS, createSeededContainer, createTestContainer, userByName, type Backend } from '@/server/testing/harness';
import { startTestServer, trpcHttp } from '@/server/testing/http';
import { authRuntime } from './runtime';
import { sessionCookieFor } from './session-cookies';
import { endSocketsWithSessions } from './socket-sessions';
import { createAccount, shopOf, TEST_PASSWORD } from './test-accounts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Two instances of one deployment on PostgreSQL + Redis; the embedded default is one process. */
async function instances(backend: Backend): Promise<[Container, Container]> {
  if (backend === 'embedded') {
    const one = await createSeededContainer(backend);
    return [one, one];
  }
  const prefix = `${inject('redisPrefix')}sessions-${randomUUID().slice(0, 6)}:`;
  return [await createTestContainer(backend, {}, { redisKeyPrefix: prefix }), await createTestContainer(backend, {}, { redisKeyPrefix: prefix })];
}

const until = async (check: () => Promise<boolean>, ms: number) => {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not within ${ms} ms`);
};

describe.each(BACKENDS)('sessions end everywhere on %s', (backend) => {
  let a: Container;
  let b: Container;
  let http: Awaited<ReturnType<typeof startTestServer>>;
  let socketHttp: HttpServer;
  let io: ReturnType<typeof createSocketServer>;
  let stopSockets: () => void;
  let socketUrl: string;
  const clients: Client[] = [];
  let liveId: number;

  beforeAll(async () => {
    [a, b] = await instances(backend);
    http = await startTestServer(a);
    // Sockets are served by the other instance.
    socketHttp = createServer();
    io = createSocketServer(socketHttp, { sessionPassword: b.sessionPassword, redis: b.redis, log: b.log, realtime: b.realtime, access: (user, target) => socketRoomFor(b.db, user, target) });
    stopSockets = endSocketsWithSessions(io, b, { sweepMs: 300 });
    await new Promise<void>((resolve) => socketHttp.listen(0, '127.0.0.1', resolve));
    socketUrl = `http://127.0.0.1:${(socketHttp.address() as AddressInfo).port}`;
    liveId = (await a.db.liveSession.findFirstOrThrow({ where: { host: { username: 'host1' } }, select: { id: true } })).id;
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    stopSockets?.();
    await io?.close();
    await http?.close();
    await a?.close();
    if (b !== a) await b?.close();
  });

  const signIn = async (username: string, password = DEMO_PASSWORD) => {
    const res = await trpcHttp(http.url, 'auth.signIn', { input: { username, password }, mutation: true });
    return res.setCookie!.split(';')[0]!;
  };

  async function socketWith(cookie: string): Promise<Client> {
    const socket: Client = connect(socketUrl, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnection: false });
    clients.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  it('a revocation on one instance is heard by the other at once, not after its cache runs out', async () => {
    const user = await userByName(a, 'viewer2');
    const { id } = await authRuntime(a).sessions.create(user.id, {});
    expect(await authRuntime(b).sessions.resolve(id)).toMatchObject({ id: user.id, sessionId: id });
    await authRuntime(a).sessions.revoke([id]);
    // Well inside the 2 s a cached answer may live.
    expect(await until(async () => (await authRuntime(b).sessions.resolve(id)) === undefined, 1000)).toBeLessThan(1000);
  });

  it('a read under way when the revocation is heard does not bring the session back; many reads share one query', async () => {
    const user = await userByName(a, 'viewer3');
    const sessions = authRuntime(b).sessions;
    const { id } = await authRuntime(a).sessions.create(user.id, {});
    const reading = sessions.resolve(id);
    await authRuntime(b).sessions.revoke([id]);
    expect(await reading).toBeUndefined();
    expect(await sessions.resolve(id)).toBeUndefined();

    const many = await Promise.all(Array.from({ length: 300 }, () => authRuntime(a).sessions.create(user.id, {})));
    const resolved = await Promise.all(many.map((m) => sessions.resolve(m.id)));
    expect(resolved.every((u, i) => u?.sessionId === many[i]!.id && u.id === user.id)).toBe(true);
  });

  it('signing out over HTTP closes the session’s sockets within seconds, and its cookie opens no new one', async () => {
    const cookie = await signIn('host1');
    const socket = await socketWith(cookie);
    expect(await socket.emitWithAck('room:join', { liveId, as: 'host' })).toEqual({ ok: true });
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    // Another session of the same account keeps its socket.
    const other = await socketWith(await sessionCookieFor(a, (await userByName(a, 'host1')).id));

    const started = Date.now();
    expect((await trpcHttp(http.url, 'auth.signOut', { mutation: true, cookie })).status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(other.connected).toBe(true);

    // HTTP refuses the old cookie too, on either instance.
    expect((await trpcHttp(http.url, 'catalog.goods', { input: {}, cookie })).status).toBe(401);
    const again = await socketWith(cookie);
    expect(await again.emitWithAck('room:join', { liveId, as: 'host' })).toEqual({ ok: false, error: 'FORBIDDEN' });
  });

  it('sign out of all devices closes every socket of the account', async () => {
    const operator = await createAccount(a, { member: { shopId: await shopOf(a, 'host1'), shopRole: 'OPERATOR' } });
    const first = await signIn(operator.username, TEST_PASSWORD);
    const second = await signIn(operator.username, TEST_PASSWORD);
    const sockets = [await socketWith(first), await socketWith(second)];
    const closed = sockets.map((s) => new Promise<void>((resolve) => s.once('disconnect', () => resolve())));
    expect((await trpcHttp(http.url, 'auth.signOutEverywhere', { mutation: true, cookie: first })).status).toBe(200);
    await Promise.all(closed);
    expect(sockets.every((s) => !s.connected)).toBe(true);
  });

  it('closes the socket of a session that ran out while it was open (no broadcast for that)', async () => {
    const ops = await createAccount(a, { role: 'OPS' });
    const cookie = await signIn(ops.username, TEST_PASSWORD);
    const socket = await socketWith(cookie);
    const closed = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    await a.db.authSession.updateMany({ where: { userId: ops.id, revokedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await closed;
  });
});
