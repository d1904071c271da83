// Behind a trusted proxy the per-IP order limit counts the client the proxy names, not the proxy.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { createAccount, TEST_PASSWORD } from '@/server/modules/auth/test-accounts';
import { ADDRESS } from '@/server/testing/flash';
import { createSeededContainer } from '@/server/testing/harness';
import { startTestServer, trpcHttp } from '@/server/testing/http';

describe('the client address behind a trusted proxy (PostgreSQL + Redis)', () => {
  let container: Container;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    container = await createSeededContainer('postgres+redis', { TRUSTED_PROXIES: 'loopback', ORDER_RATE_IP_PER_10S: '3', ORDER_RATE_USER_PER_10S: '100' });
    server = await startTestServer(container);
  });
  afterAll(async () => {
    await server?.close();
    await container?.close();
  });

  it('gives each forwarded client its own per-IP budget', async () => {
    const { username } = await createAccount(container);
    const cookie = (await trpcHttp(server.url, 'auth.signIn', { input: { username, password: TEST_PASSWORD }, mutation: true })).setCookie!.split(';')[0]!;
    const attempt = (forwardedFor: string) =>
      trpcHttp(server.url, 'orders.create', {
        mutation: true,
        cookie,
        headers: { 'x-forwarded-for': forwardedFor },
        input: { liveId: 2_000_000_000, skuId: 2_000_000_000, quantity: 1, idempotencyKey: randomUUID(), address: ADDRESS, sourceType: 'live' },
      });
    const first = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const second = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < 3; i++) expect((await attempt(first)).status).toBe(404);
    expect((await attempt(first)).status).toBe(429);
    expect((await attempt(second)).status).toBe(404);
    // A client that writes the header itself in front of the proxy's entry changes nothing.
    expect((await attempt(`${second}, ${first}`)).status).toBe(429);
  });
});
