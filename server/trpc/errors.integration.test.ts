// What a client reads when something fails that is not its fault, with real faults: a database
// port nobody listens on, a backend killed by pg_terminate_backend in the middle of a statement,
// a redis-server of the test's own shut down; and a bug. A part that is down answers 503 with
// reason UNAVAILABLE and a Retry-After on both lanes; a bug answers 500 "Internal error"
// (reason INTERNAL), logged once; no reply carries a driver's text. Rate limits say when to retry.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '@/prisma/seed-data';
import type { Container } from '@/server/container';
import { AppError, INTERNAL_MESSAGE, UNAVAILABLE_MESSAGE } from '@/server/errors';
import { orderInput, setupFlashSale, type FlashSetup } from '@/server/testing/flash';
import { callerFor, createSeededContainer, createTestContainer, refusal, userByName } from '@/server/testing/harness';
import { startTestServer } from '@/server/testing/http';
import { createContextInner } from './context';
import { createCallerFactory, publicProcedure, router } from './init';

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** Words of the drivers that must never reach a client. */
const INTERNAL_TEXT = /prisma|invocation|reach database|57P01|terminating|P1001|P20\d\d|ECONNREFUSED|max retries|ioredis|secret column/i;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A tRPC call over HTTP, with the reply's raw text and headers. */
async function call(url: string, path: string, opts: { input?: unknown; cookie?: string; mutation?: boolean } = {}) {
  const body = JSON.stringify({ json: opts.input ?? null });
  const response = opts.mutation
    ? await fetch(`${url}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: opts.cookie ?? '' }, body })
    : await fetch(`${url}/api/trpc/${path}?input=${encodeURIComponent(body)}`, { headers: { cookie: opts.cookie ?? '' } });
  const text = await response.text();
  const json = JSON.parse(text) as { error?: { json: { message: string; code: number; data: { code: string; httpStatus: number; reason: string | null; stack?: string } } } };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), text, error: json.error?.json };
}

async function signIn(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: { username, password: DEMO_PASSWORD } }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().find((c) => c.startsWith('livecart_session='))!.split(';')[0]!;
}

function expectUnavailable(reply: Awaited<ReturnType<typeof call>>) {
  expect(reply.status).toBe(503);
  expect(Number(reply.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(reply.error).toMatchObject({ message: UNAVAILABLE_MESSAGE, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, reason: 'UNAVAILABLE' } });
  expect(reply.text).not.toMatch(INTERNAL_TEXT);
}

/** A redis-server of this test's own, to stop and start again. */
class OwnRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start() {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await this.answers()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server on port ${this.port} did not start`);
  }
  /** As an outage: the server goes away at once, nothing saved. */
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const probe = spawn('redis-cli', ['-p', String(this.port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      probe.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      probe.on('exit', () => resolve(out.trim() === 'PONG'));
    });
  }
}

describe('errors under faults (postgres+redis)', () => {
  let healthy: Container;
  let healthyServer: Server;
  let setup: FlashSetup;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    healthy = await createSeededContainer('postgres+redis');
    healthyServer = await startTestServer(healthy);
    // Sessions are sealed with SESSION_SECRET, the same in every test container.
    for (const name of ['viewer1', 'host1']) cookies[name] = await signIn(healthyServer.url, name);
    setup = await setupFlashSale(healthy, { stock: 50, limit: 50 });
  });
  afterAll(async () => {
    await healthyServer?.close();
    await healthy?.close();
  });

  describe('a database nobody listens on', () => {
    let broken: Container;
    let fast: Server;
    let standard: Server;
    beforeAll(async () => {
      broken = await createTestContainer('postgres+redis', { DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/livecart` });
      fast = await startTestServer(broken);
      standard = await startTestServer(broken, { fastLane: false });
    });
    afterAll(async () => {
      await fast?.close();
      await standard?.close();
      await broken?.close();
    });

    it('answers a procedure with 503 UNAVAILABLE and Retry-After (standard adapter)', async () => {
      const reply = await call(standard.url, 'auth.signIn', { input: { username: 'viewer1', password: DEMO_PASSWORD }, mutation: true });
      expectUnavailable(reply);
      expect(reply.retryAfter).toBe('2');
    });

    it('answers orders.create the same on the fast lane and the standard adapter', async () => {
      const replies = [];
      for (const server of [fast, standard]) {
        replies.push(await call(server.url, 'orders.create', { input: orderInput(setup), cookie: cookies.viewer1, mutation: true }));
      }
      for (const reply of replies) expectUnavailable(reply);
      // Development builds add a stack trace, which names the lane's own frames.
      const [onFast, onStandard] = replies.map((r) => ({ ...r, text: r.text.replace(/,"stack":"(?:[^"\\]|\\.)*"/, ''), error: { ...r.error, data: { ...r.error?.data, stack: undefined } } }));
      expect(onFast).toEqual(onStandard);
    });

    it('refuses a server-side caller with SERVICE_UNAVAILABLE', async () => {
      const error = await refusal(callerFor(broken).catalog.categories());
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toBe(UNAVAILABLE_MESSAGE);
      expect(error.cause).toMatchObject({ reason: 'UNAVAILABLE', retryAfterSeconds: 2 });
    });

    it('answers the REST goods list with 503 and Retry-After', async () => {
      const response = await fetch(`${standard.url}/api/live/goods-list?live_id=${setup.liveId}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: UNAVAILABLE_MESSAGE, reason: 'UNAVAILABLE' } });
    });

    it('keeps serving after a failed metrics scrape (no 500 text, no crash)', async () => {
      const response = await fetch(`${standard.url}/api/metrics`);
      const text = await response.text();
      expect([200, 503]).toContain(response.status);
      expect(text).not.toMatch(INTERNAL_TEXT);
      // The server still answers.
      expect((await fetch(`${standard.url}/api/live/goods-list?live_id=x`)).status).toBe(400);
    });
  });

  describe('a backend terminated in the middle of a statement', () => {
    const applicationName = `lc_fault_${randomUUID().slice(0, 8)}`;
    let faulty: Container;
    let server: Server;
    let admin: pg.Client;
    beforeAll(async () => {
      const url = new URL(inject('databaseUrl'));
      url.searchParams.set('application_name', applicationName);
      faulty = await createTestContainer('postgres+redis', { DATABASE_URL: url.toString() });
      server = await startTestServer(faulty);
      admin = new pg.Client({ connectionString: inject('databaseUrl') });
      admin.on('error', () => {});
      await admin.connect();
    });
    afterAll(async () => {
      await admin?.end();
      await server?.close();
      await faulty?.close();
    });

    it('answers 503 UNAVAILABLE, and the next call goes through on a new connection', async () => {
      // Hold the room item's row so the host's update waits on it, then kill the waiting backend.
      const locker = new pg.Client({ connectionString: inject('databaseUrl') });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM live_room_goods WHERE id = $1 FOR UPDATE', [setup.roomGoodsId]);
      const input = { liveId: setup.liveId, roomGoodsId: setup.roomGoodsId, isWelfare: true };
      const pending = call(server.url, 'live.setWelfare', { input, cookie: cookies.host1, mutation: true });
      let killed = 0;
      for (let i = 0; i < 100 && killed === 0; i++) {
        const { rows } = await admin.query<{ killed: boolean }>(
          "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
          [applicationName],
        );
        killed = rows.filter((r) => r.killed).length;
        if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await locker.query('ROLLBACK');
      await locker.end();
      expect(killed).toBe(1);
      expectUnavailable(await pending);
      const again = await call(server.url, 'live.setWelfare', { input, cookie: cookies.host1, mutation: true });
      expect(again.status).toBe(200);
    });
  });

  describe('Redis shut down under a procedure that needs it', () => {
    let redis: OwnRedis;
    let container: Container;
    // A procedure of the real middleware chain that reads Redis itself (the app's own paths fall
    // back to the database while Redis is away, so none of them would fail).
    const probe = createCallerFactory(router({ get: publicProcedure.query(({ ctx }) => ctx.container.redis!.get('probe')) }));
    beforeAll(async () => {
      redis = new OwnRedis(await closedPort());
      await redis.start();
      container = await createTestContainer('postgres+redis', { REDIS_URL: redis.url });
    });
    afterAll(async () => {
      await container?.close();
      await redis?.stop();
    });

    it('refuses with SERVICE_UNAVAILABLE while it is down and answers again once it is back', async () => {
      const caller = probe(createContextInner({ container }));
      expect(await caller.get()).toBeNull();
      await redis.stop();
      const error = await refusal(caller.get());
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toBe(UNAVAILABLE_MESSAGE);
      expect(error.cause).toBeInstanceOf(AppError);
      expect(error.cause).toMatchObject({ reason: 'UNAVAILABLE', retryAfterSeconds: 2 });
      await redis.start();
      let answer: unknown = 'not yet';
      for (let i = 0; i < 60 && answer === 'not yet'; i++) {
        answer = await caller.get().catch(() => 'not yet');
        if (answer === 'not yet') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(answer).toBeNull();
    });
  });

  describe('a bug', () => {
    let server: Server;
    const lines: { level: number; msg: string; err?: { message: string } }[] = [];
    let buggy: Container;
    beforeAll(async () => {
      // Every model query fails as a bug would, with text that must stay on the server.
      const db = new Proxy(healthy.db, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof prop !== 'string' || prop.startsWith('$') || typeof value !== 'object' || value === null) return value;
          return new Proxy(value, { get: () => () => Promise.reject(new TypeError('secret column "password_hash" is undefined')) });
        },
      });
      const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
      buggy = { ...healthy, db, log } as Container;
      server = await startTestServer(buggy);
    });
    afterAll(async () => {
      await server?.close();
    });

    it.each([
      ['auth.signIn (standard adapter)', 'auth.signIn', () => ({ username: 'viewer1', password: DEMO_PASSWORD })],
      ['orders.create (fast lane)', 'orders.create', () => orderInput(setup)],
    ])('answers %s with 500 "Internal error", reason INTERNAL, logged once', async (_, path, input) => {
      lines.length = 0;
      const reply = await call(server.url, path, { input: input(), cookie: cookies.viewer1, mutation: true });
      expect(reply.status).toBe(500);
      expect(reply.retryAfter).toBeNull();
      expect(reply.error).toMatchObject({ message: INTERNAL_MESSAGE, data: { code: 'INTERNAL_SERVER_ERROR', reason: 'INTERNAL' } });
      expect(reply.text).not.toMatch(INTERNAL_TEXT);
      const logged = lines.filter((l) => l.level >= 50);
      expect(logged).toHaveLength(1);
      expect(logged[0]!.err?.message).toMatch(/secret column/);
      // The id the user can quote is the one in the log line.
      const requestId = (reply.error as { data?: { requestId?: string } }).data?.requestId;
      expect(requestId).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
      expect((logged[0] as { requestId?: string }).requestId).toBe(requestId);
    });

    it('gives a server-side caller the same words', async () => {
      const error = await refusal(callerFor(buggy, await userByName(healthy, 'host1')).live.myRooms());
      expect(error).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: INTERNAL_MESSAGE, cause: { reason: 'INTERNAL' } });
    });
  });

  describe('rate limits', () => {
    let limited: Container;
    let fast: Server;
    let standard: Server;
    beforeAll(async () => {
      limited = await createTestContainer('postgres+redis', { ORDER_RATE_USER_PER_10S: '1' });
      fast = await startTestServer(limited);
      standard = await startTestServer(limited, { fastLane: false });
    });
    afterAll(async () => {
      await fast?.close();
      await standard?.close();
      await limited?.close();
    });

    it('say when to try again on both lanes (Retry-After = the limiter’s wait)', async () => {
      const cookie = await signIn(fast.url, 'viewer2');
      const first = await call(fast.url, 'orders.create', { input: orderInput(setup), cookie, mutation: true });
      expect(first.status).not.toBe(429);
      for (const server of [fast, standard]) {
        const reply = await call(server.url, 'orders.create', { input: orderInput(setup), cookie, mutation: true });
        expect(reply.status).toBe(429);
        expect(reply.error?.data.reason).toBe('RATE_LIMITED');
        const seconds = Number(/try again in (\d+) s/.exec(reply.error!.message)?.[1]);
        expect(seconds).toBeGreaterThanOrEqual(1);
        expect(seconds).toBeLessThanOrEqual(10);
        expect(reply.retryAfter).toBe(String(seconds));
      }
    });
  });
});
