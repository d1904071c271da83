// Sign-in, the session cookie and the role procedures, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@/prisma/seed-data';
import type { Container } from '@/server/container';
import { BACKENDS, createSeededContainer } from '@/server/testing/harness';
import { startTestServer, trpcHttp } from '@/server/testing/http';

describe.each(BACKENDS)('auth on %s', (backend) => {
  let container: Container;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    server = await startTestServer(container);
  });
  afterAll(async () => {
    await server?.close();
    await container?.close();
  });

  const signIn = async (username: string, password = DEMO_PASSWORD) => {
    const res = await trpcHttp(server.url, 'auth.signIn', { input: { username, password }, mutation: true });
    return { ...res, cookie: res.setCookie?.split(';')[0] ?? '' };
  };

  it('signs in with a demo account and sets an httpOnly session cookie', async () => {
    const res = await signIn('host1');
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ role: 'HOST', name: '李主播' });
    expect(res.setCookie).toMatch(/livecart_session=/);
    expect(res.setCookie).toMatch(/HttpOnly/i);
    const me = await trpcHttp(server.url, 'auth.me', { cookie: res.cookie });
    expect(me.data).toMatchObject({ role: 'HOST', shopId: expect.any(Number) });
  });

  it('refuses a wrong password with 401 and the same message as an unknown user', async () => {
    const wrong = await signIn('host1', 'not-the-password');
    const unknown = await signIn('nobody', 'whatever');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.error?.message).toBe(unknown.error?.message);
    expect(wrong.setCookie).toBeNull();
  });

  it('rejects empty fields with 400 and field errors', async () => {
    const res = await signIn('', '');
    expect(res.status).toBe(400);
    expect(res.error?.data).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('answers 401 without a session and 403 for the wrong role', async () => {
    const anonymous = await trpcHttp(server.url, 'catalog.goods', { input: {} });
    expect(anonymous.status).toBe(401);
    expect(anonymous.error?.data.code).toBe('UNAUTHORIZED');

    const viewer = await signIn('viewer1');
    const asViewer = await trpcHttp(server.url, 'catalog.goods', { input: {}, cookie: viewer.cookie });
    expect(asViewer.status).toBe(403);
    expect(asViewer.error?.data.code).toBe('FORBIDDEN');

    const host = await signIn('host1');
    expect((await trpcHttp(server.url, 'live.allRooms', { cookie: host.cookie })).status).toBe(403);
    const ops = await signIn('ops1');
    expect((await trpcHttp(server.url, 'live.allRooms', { cookie: ops.cookie })).status).toBe(200);
    // Ops read everything but change nothing.
    expect((await trpcHttp(server.url, 'catalog.goods', { input: {}, cookie: ops.cookie })).status).toBe(200);
    expect((await trpcHttp(server.url, 'live.pin', { input: { liveId: 1, roomGoodsId: null }, cookie: ops.cookie, mutation: true })).status).toBe(403);
  });

  it('ignores a tampered cookie', async () => {
    const host = await signIn('host1');
    const tampered = host.cookie.slice(0, -4) + 'AAAA';
    expect((await trpcHttp(server.url, 'catalog.goods', { input: {}, cookie: tampered })).status).toBe(401);
  });

  it('signs out', async () => {
    const host = await signIn('host1');
    const out = await trpcHttp(server.url, 'auth.signOut', { mutation: true, cookie: host.cookie });
    expect(out.setCookie).toMatch(/livecart_session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i);
  });

  it('stores passwords as argon2id hashes, never in clear', async () => {
    const user = await container.db.user.findUniqueOrThrow({ where: { username: 'host1' }, select: { passwordHash: true } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(DEMO_PASSWORD);
  });
});
