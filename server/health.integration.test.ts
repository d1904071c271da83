// GET /api/health: within a second whatever the database and Redis do (answer, refuse, hang),
// with each part's state and nothing of what went wrong.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/health/route';
import type { Container } from './container';
import { setContainer } from './container-ref';
import { createTestContainer } from './testing/harness';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts connections and never says a word: a part that hangs. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function probe(container: Container) {
  setContainer(container);
  const started = Date.now();
  const response = await GET();
  return { ms: Date.now() - started, status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as unknown };
}

describe('/api/health', () => {
  const containers: Container[] = [];
  let silent: Awaited<ReturnType<typeof silentServer>>;
  const open = async (backend: 'postgres+redis' | 'embedded', overrides: Record<string, string> = {}) => {
    const container = await createTestContainer(backend, overrides);
    containers.push(container);
    return container;
  };
  beforeAll(async () => {
    silent = await silentServer();
  });
  afterEach(() => setContainer(undefined));
  afterAll(async () => {
    // A client stuck on the silent server would wait for it: end those first.
    await silent?.close();
    await Promise.all(containers.map((c) => c.close()));
  });

  it('is ok when both parts answer', async () => {
    const reply = await probe(await open('postgres+redis'));
    expect(reply).toMatchObject({ status: 200, retryAfter: null, body: { status: 'ok', database: 'postgres', checks: { database: 'ok', redis: 'ok' } } });
  });

  it('is ok on the embedded default, which has no Redis', async () => {
    const reply = await probe(await open('embedded'));
    expect(reply).toMatchObject({ status: 200, body: { status: 'ok', database: 'pglite', checks: { database: 'ok' } } });
    expect(reply.body).not.toHaveProperty('checks.redis');
  });

  it.each<[string, () => Promise<Record<string, string>>, Record<string, string>]>([
    ['Redis refuses connections', async () => ({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` }), { database: 'ok', redis: 'down' }],
    ['Redis hangs', async () => ({ REDIS_URL: `redis://127.0.0.1:${silent.port}` }), { database: 'ok', redis: 'timeout' }],
    ['PostgreSQL refuses connections', async () => ({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/livecart` }), { database: 'down', redis: 'ok' }],
    ['PostgreSQL hangs', async () => ({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${silent.port}/livecart` }), { database: 'timeout', redis: 'ok' }],
  ])('answers within a second, degraded, when %s', async (_, overrides, checks) => {
    const container = await open('postgres+redis', await overrides());
    // Let a refused Redis find out it is refused (its first connect is under way at creation).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reply = await probe(container);
    expect(reply.ms).toBeLessThan(1000);
    // Exactly this body: the states, never an error's text.
    expect(reply.body).toEqual({ status: 'degraded', database: 'postgres', checks });
    expect(reply.status).toBe(503);
    expect(reply.retryAfter).toBe('2');
  });
});
