// The buyer's trail by W3C trace context: the card click, the detail view and the order carry
// the deep link's trace id as `traceparent`; ops open the order and see each step with its time.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { createAccount, TEST_PASSWORD } from '@/server/modules/auth/test-accounts';
import { orderInput, setupFlashSale } from '@/server/testing/flash';
import { BACKENDS, createSeededContainer } from '@/server/testing/harness';
import { startTestServer, trpcHttp } from '@/server/testing/http';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const LIMITS = { ORDER_RATE_USER_PER_10S: '10000', ORDER_RATE_IP_PER_10S: '1000000' };

describe.each(BACKENDS)('order trail on %s', (backend) => {
  let container: Container;
  let server: Server;
  beforeAll(async () => {
    container = await createSeededContainer(backend, LIMITS);
    server = await startTestServer(container);
  });
  afterAll(async () => {
    await server?.close();
    await container?.close();
  });

  const signIn = async (username: string) => {
    const res = await trpcHttp(server.url, 'auth.signIn', { input: { username, password: TEST_PASSWORD }, mutation: true });
    return res.setCookie!.split(';')[0]!;
  };

  it('joins the click, the detail view, the order and its payment by the trace id, in order, for ops only', async () => {
    const setup = await setupFlashSale(container, { stock: 5, limit: 2 });
    const viewer = await signIn((await createAccount(container)).username);
    const ops = await signIn((await createAccount(container, { role: 'OPS' })).username);
    const traceId = randomBytes(16).toString('hex');
    const traceparent = () => ({ traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    const call = (path: string, input: unknown, cookie = viewer) => trpcHttp(server.url, path, { input, mutation: true, cookie, headers: traceparent() });

    expect((await call('tracking.track', { type: 'CARD_CLICK', liveId: setup.liveId, spuId: setup.spuId, trackingCode: 'tctrail1', sourceType: 'live' })).status).toBe(200);
    expect((await call('tracking.track', { type: 'DETAIL_VIEW', liveId: setup.liveId, spuId: setup.spuId, trackingCode: 'tctrail1', sourceType: 'live' })).status).toBe(200);
    const created = await call('orders.create', orderInput(setup, { trackingCode: 'tctrail1' }));
    expect(created.status).toBe(200);
    const { orderSn } = created.data as { orderSn: string };
    expect((await call('orders.pay', { orderSn })).status).toBe(200);

    const trail = await trpcHttp(server.url, 'orders.trail', { input: { orderSn }, cookie: ops });
    expect(trail.status).toBe(200);
    const data = trail.data as { traceId: string; steps: { step: string; at: string }[] };
    expect(data.traceId).toBe(traceId);
    expect(data.steps.map((s) => s.step)).toEqual(['CARD_CLICK', 'DETAIL_VIEW', 'ORDERED', 'PAID']);
    const times = data.steps.map((s) => Date.parse(s.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // A viewer cannot read trails; an unknown order is not found.
    expect((await trpcHttp(server.url, 'orders.trail', { input: { orderSn }, cookie: viewer })).status).toBe(403);
    expect((await trpcHttp(server.url, 'orders.trail', { input: { orderSn: '19990101000000' + '00000000' }, cookie: ops })).status).toBe(404);
  });

  it('finds the trail by the click’s tracking code where no header carried the trace (the click on the room page)', async () => {
    const setup = await setupFlashSale(container, { stock: 5, limit: 2 });
    const viewer = await signIn((await createAccount(container)).username);
    const ops = await signIn((await createAccount(container, { role: 'OPS' })).username);
    const traceId = randomBytes(16).toString('hex');
    const trackingCode = `tc${traceId}`;
    const call = (path: string, input: unknown) => trpcHttp(server.url, path, { input, mutation: true, cookie: viewer });
    expect((await call('tracking.track', { type: 'CARD_CLICK', liveId: setup.liveId, spuId: setup.spuId, trackingCode, sourceType: 'live' })).status).toBe(200);
    const created = await call('orders.create', orderInput(setup, { trackingCode }));
    const trail = (await trpcHttp(server.url, 'orders.trail', { input: { orderSn: (created.data as { orderSn: string }).orderSn }, cookie: ops })).data as { traceId: string; steps: { step: string }[] };
    expect(trail.traceId).toBe(traceId);
    expect(trail.steps.map((s) => s.step)).toEqual(['CARD_CLICK', 'ORDERED']);
  });

  it('ignores a malformed traceparent: the order is taken, without a trace id', async () => {
    const setup = await setupFlashSale(container, { stock: 5, limit: 2 });
    const viewer = await signIn((await createAccount(container)).username);
    const created = await trpcHttp(server.url, 'orders.create', { input: orderInput(setup), mutation: true, cookie: viewer, headers: { traceparent: '00-zz-not-a-trace-01' } });
    expect(created.status).toBe(200);
    const row = await container.db.order.findUniqueOrThrow({ where: { orderSn: (created.data as { orderSn: string }).orderSn }, select: { traceId: true } });
    expect(row.traceId).toBeNull();
  });
});
