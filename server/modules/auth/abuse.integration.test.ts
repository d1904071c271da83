// Sign-in and sign-up that resist abuse: guessing is locked out with 429 and Retry-After (the
// right password waits too), unknown names lock like real ones, sign-up follows the password
// rules and never says whether a name exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { BACKENDS, callerFor, createSeededContainer, newTag, refusal } from '@/server/testing/harness';
import { startTestServer, trpcHttp } from '@/server/testing/http';
import { SIGN_UP_RULES } from './auth.schema';
import { createAccount } from './test-accounts';
import { SIGN_IN_LIMITS, SIGN_UP_LIMITS } from './throttle';

async function post(url: string, path: string, input: unknown, cookie = '') {
  const response = await fetch(`${url}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ json: input }) });
  const body = (await response.json()) as { error?: { json: { message: string; data: { reason: string | null; code: string } } } };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), error: body.error?.json, setCookie: response.headers.getSetCookie().find((c) => c.startsWith('livecart_session=')) };
}

describe.each(BACKENDS)('sign-in throttling on %s', (backend) => {
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

  it('locks an account after 5 wrong passwords with 429 and Retry-After; the right one then waits for the lock', async () => {
    const account = await createAccount(container);
    for (let i = 1; i < SIGN_IN_LIMITS.accountFailures; i++) {
      expect((await post(server.url, 'auth.signIn', { username: account.username, password: `guess-${i}` })).status).toBe(401);
    }
    const locked = await post(server.url, 'auth.signIn', { username: account.username, password: 'guess-5' });
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBe(String(SIGN_IN_LIMITS.lockSeconds[0]));
    expect(locked.error?.data.reason).toBe('TOO_MANY_ATTEMPTS');

    const right = await post(server.url, 'auth.signIn', { username: account.username, password: account.password });
    expect(right.status).toBe(429);
    expect(Number(right.retryAfter)).toBeGreaterThan(0);
    expect(right.setCookie).toBeUndefined();
  });

  it('locks a name that does not exist the same way (a lock tells nothing about names)', async () => {
    const real = await createAccount(container);
    const ghost = `ghost_${newTag()}`;
    const answers = { real: [] as number[], ghost: [] as number[] };
    for (let i = 0; i < SIGN_IN_LIMITS.accountFailures + 1; i++) {
      answers.real.push((await post(server.url, 'auth.signIn', { username: real.username, password: `nope-${i}` })).status);
      answers.ghost.push((await post(server.url, 'auth.signIn', { username: ghost, password: `nope-${i}` })).status);
    }
    expect(answers.ghost).toEqual(answers.real);
    expect(answers.real.slice(-2)).toEqual([429, 429]);
  });

  it('locks an address after many failures over many names; other addresses go on', async () => {
    const ip = `10.77.${Math.floor(Math.random() * 200)}.1`;
    const fromIp = callerFor(container, undefined, ip);
    for (let i = 1; i < SIGN_IN_LIMITS.ipFailures; i++) {
      expect((await refusal(fromIp.auth.signIn({ username: `spray_${newTag()}`, password: 'password1' }))).code).toBe('UNAUTHORIZED');
    }
    const lock = await refusal(fromIp.auth.signIn({ username: `spray_${newTag()}`, password: 'password1' }));
    expect(lock.code).toBe('TOO_MANY_REQUESTS');
    const account = await createAccount(container);
    expect((await refusal(fromIp.auth.signIn({ username: account.username, password: account.password }))).code).toBe('TOO_MANY_REQUESTS');
    // Elsewhere, the same account signs in (a caller has no cookie to write: that is the only refusal).
    expect((await refusal(callerFor(container, undefined, '10.78.0.1').auth.signIn({ username: account.username, password: account.password }))).code).toBe('BAD_REQUEST');
  });
});

describe.each(BACKENDS)('sign-up on %s', (backend) => {
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

  const fieldErrors = async (call: Promise<unknown>) => {
    const error = await refusal(call);
    expect(error.code).toBe('BAD_REQUEST');
    return ((error as unknown as { cause: { issues: { path: string[]; message: string }[] } }).cause.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  it('signs a new viewer up and in: the cookie works at once', async () => {
    const username = `new_${newTag().toLowerCase()}`;
    const res = await post(server.url, 'auth.signUp', { username, password: 'long-enough-9', displayName: '新观众' });
    expect(res.status).toBe(200);
    expect(res.setCookie).toMatch(/HttpOnly/i);
    const me = await trpcHttp(server.url, 'auth.me', { cookie: res.setCookie!.split(';')[0] });
    expect(me.data).toMatchObject({ role: 'VIEWER', name: '新观众', shopId: null });
    // And signs in again later with the same words.
    expect((await post(server.url, 'auth.signIn', { username, password: 'long-enough-9' })).status).toBe(200);
    const row = await container.db.user.findUniqueOrThrow({ where: { username }, select: { passwordHash: true } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('takes a mobile number as the name and shows it masked', async () => {
    const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const user = await callerFor(container, undefined, '10.60.0.1').auth.signUp({ username: phone, password: 'phone-pass-1' });
    expect(user).toMatchObject({ role: 'VIEWER', name: `${phone.slice(0, 3)}****${phone.slice(-4)}` });
  });

  it('holds the password rules: 8 characters, not only digits, not the name', async () => {
    const as = callerFor(container, undefined, '10.61.0.1');
    const name = `rule_${newTag().toLowerCase()}`;
    expect(await fieldErrors(as.auth.signUp({ username: name, password: 'short1' }))).toContainEqual({ path: 'password', message: SIGN_UP_RULES.passwordLength });
    expect(await fieldErrors(as.auth.signUp({ username: name, password: '1234567890' }))).toContainEqual({ path: 'password', message: SIGN_UP_RULES.passwordDigits });
    expect(await fieldErrors(as.auth.signUp({ username: name, password: `${name}!` }))).toContainEqual({ path: 'password', message: SIGN_UP_RULES.passwordName });
    expect(await fieldErrors(as.auth.signUp({ username: '1bad name', password: 'fine-pass-1' }))).toContainEqual({ path: 'username', message: SIGN_UP_RULES.account });
    expect(await container.db.user.count({ where: { username: name } })).toBe(0);
  });

  it('refuses a taken name (in any case) and a reserved one with the same words, creating nothing', async () => {
    const as = callerFor(container, undefined, '10.62.0.1');
    const refusals = await Promise.all(['viewer1', 'VIEWER1', 'admin'].map(async (username) => refusal(as.auth.signUp({ username, password: 'another-pass-1' }))));
    for (const error of refusals) {
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toBe(refusals[0]!.message);
      expect((error.cause as { reason?: string }).reason).toBe('NAME_UNAVAILABLE');
    }
    expect(await container.db.user.count({ where: { username: 'VIEWER1' } })).toBe(0);
  });

  it(`allows ${SIGN_UP_LIMITS.perIp} sign-up attempts per address an hour, then 429 with Retry-After`, async () => {
    const as = callerFor(container, undefined, `10.63.${Math.floor(Math.random() * 200)}.9`);
    for (let i = 0; i < SIGN_UP_LIMITS.perIp; i++) await as.auth.signUp({ username: `burst_${newTag().toLowerCase()}`, password: 'burst-pass-1' });
    const refused = await refusal(as.auth.signUp({ username: `burst_${newTag().toLowerCase()}`, password: 'burst-pass-1' }));
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect((refused.cause as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
  });
});
