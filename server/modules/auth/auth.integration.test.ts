// Sign-in, server-side sessions (sign-out, all devices, rotation, expiry), demo mode and the
// role procedures, over real HTTP.
import { sealData } from 'iron-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERNAMES } from '@/prisma/seed-data';
import type { Container } from '@/server/container';
import { BACKENDS, callerFor, createSeededContainer, createViewers, newTag, refusal, userByName } from '@/server/testing/harness';
import { startTestServer, trpcHttp } from '@/server/testing/http';
import { SESSION_COOKIE } from './session';
import { createAccount, TEST_PASSWORD } from './test-accounts';
import { sessionIdOf } from './token';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const cookieOf = (setCookie: string | null) => setCookie?.split(';')[0] ?? '';

describe.each(BACKENDS)('auth on %s', (backend) => {
  let container: Container;
  let server: Server;

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    server = await startTestServer(container);
  });
  afterAll(async () => {
    await server?.close();
    await container?.close();
  });

  const signIn = async (username: string, password = DEMO_PASSWORD, cookie?: string) => {
    const res = await trpcHttp(server.url, 'auth.signIn', { input: { username, password }, mutation: true, cookie });
    return { ...res, cookie: cookieOf(res.setCookie) };
  };
  const me = async (cookie: string) => (await trpcHttp(server.url, 'auth.me', { cookie })).data as { role: string } | null;

  it('signs in with a demo account and sets an httpOnly cookie that holds no user data', async () => {
    const res = await signIn('host1');
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ role: 'HOST', name: '李主播', shopRole: 'OWNER' });
    expect(res.setCookie).toMatch(/livecart_session=/);
    expect(res.setCookie).toMatch(/HttpOnly/i);
    expect(await me(res.cookie)).toMatchObject({ role: 'HOST', shopId: expect.any(Number), shopRole: 'OWNER' });
    // The session is a row of the store, keyed by the hash of the cookie's token.
    const sessions = await container.db.authSession.findMany({ where: { user: { username: 'host1' }, revokedAt: null }, select: { id: true, ip: true } });
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.id))).toBe(true);
  });

  it('remembers the language on the account: a new device signs in speaking it, a browser that chose keeps its choice', async () => {
    const { username } = await createAccount(container);
    const first = await signIn(username, TEST_PASSWORD);
    expect(first.langCookie).toBeNull(); // never chosen: the default language, nothing set
    const switched = await trpcHttp(server.url, 'auth.setLocale', { input: { locale: 'en' }, mutation: true, cookie: first.cookie });
    expect(switched.status).toBe(200);
    expect(switched.langCookie).toMatch(/^lang=en;/);
    expect((await container.db.user.findUniqueOrThrow({ where: { username }, select: { locale: true } })).locale).toBe('en');

    const otherDevice = await signIn(username, TEST_PASSWORD);
    expect(otherDevice.data).toMatchObject({ locale: 'en' });
    expect(otherDevice.langCookie).toMatch(/^lang=en;/);
    const choseChinese = await signIn(username, TEST_PASSWORD, 'lang=zh');
    expect(choseChinese.langCookie).toBeNull();

    // Signed out, the switch sets only the browser's cookie; a language the app lacks is refused.
    expect((await trpcHttp(server.url, 'auth.setLocale', { input: { locale: 'en' }, mutation: true })).langCookie).toMatch(/^lang=en;/);
    expect((await trpcHttp(server.url, 'auth.setLocale', { input: { locale: 'fr' }, mutation: true })).status).toBe(400);
  });

  it('refuses a wrong password and an unknown user alike: same status, message and about the same time', async () => {
    const time = async (username: string, password: string) => {
      const started = performance.now();
      const res = await signIn(username, password);
      return { res, ms: performance.now() - started };
    };
    // Warm the dummy hash once, then compare.
    await time(`nobody_${newTag()}`, 'whatever-1');
    const wrong = await time('viewer4', 'not-the-password');
    const unknown = await time(`nobody_${newTag()}`, 'whatever-2');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(wrong.res.error?.message).toBe(unknown.res.error?.message);
    expect(wrong.res.error?.data).toMatchObject({ reason: 'BAD_CREDENTIALS' });
    expect(unknown.res.error?.data).toMatchObject({ reason: 'BAD_CREDENTIALS' });
    expect(wrong.res.setCookie).toBeNull();
    // An unknown name costs a password hash too (no fast path that tells names apart). The
    // fastest of a few tries each, so a busy machine's pauses do not decide it.
    const fastest = async (name: () => string, password: string) => Math.min(...(await Promise.all([0, 1, 2].map(() => time(name(), password)))).map((r) => r.ms));
    const wrongMs = Math.min(wrong.ms, await fastest(() => 'viewer4', 'not-the-password'));
    const unknownMs = Math.min(unknown.ms, await fastest(() => `nobody_${newTag()}`, 'whatever-3'));
    expect(unknownMs).toBeGreaterThan(wrongMs * 0.3);
    await signIn('viewer4');
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

  it('ignores a tampered cookie, and a sealed cookie of the old kind that carried the user itself', async () => {
    const host = await signIn('host1');
    const tampered = host.cookie.slice(0, -4) + 'AAAA';
    expect((await trpcHttp(server.url, 'catalog.goods', { input: {}, cookie: tampered })).status).toBe(401);
    const legacy = `${SESSION_COOKIE}=${await sealData({ user: await userByName(container, 'host1') }, { password: container.sessionPassword })}`;
    expect((await trpcHttp(server.url, 'catalog.goods', { input: {}, cookie: legacy })).status).toBe(401);
    expect(await me(legacy)).toBeNull();
  });

  it('signs out: the cookie is cleared and the session ends on the server, so a copy of the cookie no longer works', async () => {
    const host = await signIn('host1');
    expect((await trpcHttp(server.url, 'catalog.goods', { input: {}, cookie: host.cookie })).status).toBe(200);
    const out = await trpcHttp(server.url, 'auth.signOut', { mutation: true, cookie: host.cookie });
    expect(out.setCookie).toMatch(/livecart_session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    // The old cookie, replayed (a stolen copy): refused at once on this instance.
    expect((await trpcHttp(server.url, 'catalog.goods', { input: {}, cookie: host.cookie })).status).toBe(401);
    expect(await me(host.cookie)).toBeNull();
    const row = await container.db.authSession.findFirst({ where: { id: sessionIdOf(await tokenOf(host.cookie)) }, select: { revokedAt: true } });
    expect(row?.revokedAt).toBeInstanceOf(Date);
  });

  it('gives every sign-in a new session, and ends the one the browser had', async () => {
    const first = await signIn('viewer2');
    const second = await signIn('viewer2', DEMO_PASSWORD, first.cookie);
    expect(second.cookie).not.toBe(first.cookie);
    expect(await tokenOf(second.cookie)).not.toBe(await tokenOf(first.cookie));
    expect(await me(first.cookie)).toBeNull();
    expect(await me(second.cookie)).toMatchObject({ role: 'VIEWER' });
  });

  it('lists my sessions, ends one of them, and signs out of all devices', async () => {
    const account = await createAccount(container);
    const laptop = await signIn(account.username, TEST_PASSWORD);
    const phone = await signIn(account.username, TEST_PASSWORD);
    const listed = (await trpcHttp(server.url, 'auth.sessions', { cookie: laptop.cookie })).data as { id: string; current: boolean; ip: string }[];
    const laptopId = sessionIdOf(await tokenOf(laptop.cookie));
    const phoneId = sessionIdOf(await tokenOf(phone.cookie));
    expect(listed.map((s) => s.id)).toEqual(expect.arrayContaining([laptopId, phoneId]));
    expect(listed.find((s) => s.id === laptopId)).toMatchObject({ current: true, ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(listed.find((s) => s.id === phoneId)?.current).toBe(false);

    // End the phone's session from the laptop.
    expect((await trpcHttp(server.url, 'auth.revokeSession', { input: { id: phoneId }, cookie: laptop.cookie, mutation: true })).status).toBe(200);
    expect(await me(phone.cookie)).toBeNull();
    expect(await me(laptop.cookie)).toMatchObject({ role: 'VIEWER' });
    // Another account's session is not mine to end.
    const other = await signIn('viewer1');
    const otherId = sessionIdOf(await tokenOf(other.cookie));
    expect((await trpcHttp(server.url, 'auth.revokeSession', { input: { id: otherId }, cookie: laptop.cookie, mutation: true })).status).toBe(404);
    expect(await me(other.cookie)).toMatchObject({ role: 'VIEWER' });

    // Sign out of all devices.
    const tablet = await signIn(account.username, TEST_PASSWORD);
    const all = await trpcHttp(server.url, 'auth.signOutEverywhere', { cookie: laptop.cookie, mutation: true });
    expect(all.status).toBe(200);
    expect((all.data as { ended: number }).ended).toBeGreaterThanOrEqual(2);
    expect(all.setCookie).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(await me(laptop.cookie)).toBeNull();
    expect(await me(tablet.cookie)).toBeNull();
    expect((await trpcHttp(server.url, 'orders.mine', { cookie: tablet.cookie })).status).toBe(401);
  });

  it('ends a session unused for 7 days, and any session 30 days after sign-in', async () => {
    const idle = await signIn('viewer1');
    const old = await signIn('viewer1');
    await container.db.authSession.update({ where: { id: sessionIdOf(await tokenOf(idle.cookie)) }, data: { lastSeenAt: new Date(Date.now() - 8 * 24 * 3600_000) } });
    await container.db.authSession.update({ where: { id: sessionIdOf(await tokenOf(old.cookie)) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // What a process remembers of a session holds for 2 s at most.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await me(idle.cookie)).toBeNull();
    expect(await me(old.cookie)).toBeNull();
  });

  it('stores passwords as argon2id hashes, never in clear', async () => {
    const user = await container.db.user.findUniqueOrThrow({ where: { username: 'host1' }, select: { passwordHash: true } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(DEMO_PASSWORD);
  });

  async function tokenOf(cookie: string): Promise<string> {
    const { unsealData } = await import('iron-session');
    const data = await unsealData<{ t: string }>(decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1)), { password: container.sessionPassword });
    return data.t;
  }
});

describe.each(BACKENDS)('demo mode on %s', (backend) => {
  const opened: Container[] = [];
  afterAll(async () => {
    for (const c of opened) await c.close();
  });
  const open = async (mode: string) => {
    const c = await createSeededContainer(backend, { DEMO_MODE: mode });
    opened.push(c);
    return c;
  };

  it('off: no account list, no shared password, no usernames anywhere', async () => {
    const container = await open('off');
    const error = await refusal(callerFor(container).auth.demoAccounts());
    expect(error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(error)).not.toMatch(new RegExp(`${DEMO_PASSWORD}|host1|viewer1`));
    const server = await startTestServer(container);
    try {
      const res = await trpcHttp(server.url, 'auth.demoAccounts');
      expect(res.status).toBe(404);
      expect(JSON.stringify(res)).not.toMatch(new RegExp(`${DEMO_PASSWORD}|host1|viewer1`));
      // The seeded accounts still sign in by typing their name and password.
      expect((await trpcHttp(server.url, 'auth.signIn', { input: { username: 'viewer1', password: DEMO_PASSWORD }, mutation: true })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('on: lists only the seeded demo accounts, never other users', async () => {
    const container = await open('on');
    await createViewers(container, 3, 'demo');
    const { password, accounts } = await callerFor(container).auth.demoAccounts();
    expect(password).toBe(DEMO_PASSWORD);
    expect(accounts.map((a) => a.username).sort()).toEqual([...DEMO_USERNAMES].sort());
    expect(accounts.find((a) => a.username === 'host1b')).toMatchObject({ role: 'HOST', shopRole: 'OPERATOR' });
  });

  it(`auto: ${backend === 'embedded' ? 'on for the embedded default' : 'off on PostgreSQL'}`, async () => {
    const container = await open('auto');
    if (backend === 'embedded') expect((await callerFor(container).auth.demoAccounts()).accounts.length).toBe(DEMO_USERNAMES.length);
    else expect((await refusal(callerFor(container).auth.demoAccounts())).code).toBe('NOT_FOUND');
  });
});
