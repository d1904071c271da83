// The fast lane answers orders.create exactly as tRPC's standard adapter does: two servers on
// one container, one with the lane and one without, get the same requests and must give the
// same status, headers and body (order numbers and times aside).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@/prisma/seed-data';
import type { Container } from '@/server/container';
import { orderInput, setupFlashSale, type FlashSetup } from '@/server/testing/flash';
import { BACKENDS, createSeededContainer } from '@/server/testing/harness';
import { startTestServer, trpcHttp } from '@/server/testing/http';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe.each(BACKENDS)('the fast lane on %s', (backend) => {
  let container: Container;
  let fast: Server;
  let standard: Server;
  let setup: FlashSetup;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    fast = await startTestServer(container);
    standard = await startTestServer(container, { fastLane: false });
    for (const name of ['viewer1', 'viewer2', 'host1']) {
      const res = await trpcHttp(fast.url, 'auth.signIn', { input: { username: name, password: DEMO_PASSWORD }, mutation: true });
      cookies[name] = res.setCookie!.split(';')[0]!;
    }
    setup = await setupFlashSale(container, { stock: 3, limit: 1 });
  });
  afterAll(async () => {
    await fast?.close();
    await standard?.close();
    await container?.close();
  });

  /** The same raw request to both servers; `body` may differ per server (fresh idempotency keys). */
  async function both(init: { body: (lane: 'fast' | 'standard') => string; cookie?: string; contentType?: string; query?: string }) {
    const send = async (server: Server, lane: 'fast' | 'standard') => {
      const res = await fetch(`${server.url}/api/trpc/orders.create${init.query ?? ''}`, {
        method: 'POST',
        headers: { 'content-type': init.contentType ?? 'application/json', cookie: init.cookie ?? '' },
        body: init.body(lane),
      });
      return { status: res.status, contentType: res.headers.get('content-type'), vary: res.headers.get('vary'), text: await res.text() };
    };
    return { fast: await send(fast, 'fast'), standard: await send(standard, 'standard') };
  }

  const order = (over: Record<string, unknown> = {}) => () => JSON.stringify({ json: orderInput(setup, over) });
  // What differs between two accepted orders by nature, not by lane.
  // Development builds add a stack trace, which names the lane's own frames.
  const withoutStack = (r: { text: string }) => ({ ...r, text: r.text.replace(/,"stack":"(?:[^"\\]|\\.)*"/, '') });
  const normalise = (text: string) => text.replace(/"orderSn":"\d+"/g, '"orderSn":"SN"').replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"TIME"');

  it('accepts an order with the same reply as the standard adapter', async () => {
    const viewer1 = await both({ body: order(), cookie: cookies.viewer1 }); // viewer1 buys through the fast lane…
    expect(viewer1.fast.status).toBe(200);
    expect(viewer1.standard.status).toBe(409); // …so the same viewer is at the limit on the other
    const viewer2 = await both({ body: order(), cookie: cookies.viewer2 });
    expect(viewer2.fast.status).toBe(200);
    const view = JSON.parse(viewer2.fast.text) as { result: { data: { json: { orderSn: string; status: string; totalAmount: number } } } };
    expect(view.result.data.json).toMatchObject({ status: 'PENDING_PAYMENT', totalAmount: setup.flashPrice });
    const inDb = await container.db.order.findUnique({ where: { orderSn: view.result.data.json.orderSn }, select: { status: true } });
    expect(inDb?.status).toBe('PENDING_PAYMENT');
  });

  it('gives the same success shape on both lanes', async () => {
    const extra = await setupFlashSale(container, { stock: 5, limit: 5 });
    const res = await both({ body: () => JSON.stringify({ json: orderInput(extra) }), cookie: cookies.viewer1 });
    expect(res.fast.status).toBe(200);
    expect(res.standard.status).toBe(200);
    expect({ ...res.fast, text: normalise(res.fast.text) }).toEqual({ ...res.standard, text: normalise(res.standard.text) });
  });

  type Case = { body: () => string; user: string | undefined; status: number | undefined };
  it.each<[string, Case]>([
    ['a refusal with its reason (limit reached)', { body: order(), user: 'viewer2', status: 409 }],
    ['invalid input with field errors', { body: order({ quantity: 0 }), user: 'viewer2', status: 400 }],
    ['a signed-out caller', { body: order(), user: undefined, status: 401 }],
    ['a host, who cannot buy', { body: order(), user: 'host1', status: 403 }],
    ['a body that is not JSON', { body: () => '{"json": {', user: 'viewer2', status: undefined }],
    ['an empty body', { body: () => '', user: 'viewer2', status: undefined }],
  ])('answers %s exactly as the standard adapter', async (_name, c) => {
    const res = await both({ body: c.body, cookie: c.user ? cookies[c.user] : undefined });
    if (c.status) expect(res.fast.status).toBe(c.status);
    // Outside production the error carries its stack: proof the fast lane, not the adapter, answered.
    expect(res.fast.text).toContain('fast-lane.ts');
    expect(res.standard.text).not.toContain('fast-lane.ts');
    expect(res.fast.status).toBeGreaterThanOrEqual(400);
    expect(withoutStack(res.fast)).toEqual(withoutStack(res.standard));
  });

  it('leaves batched calls and other content types to the standard adapter', async () => {
    const batched = await fetch(`${fast.url}/api/trpc/orders.create?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.viewer2! },
      body: JSON.stringify({ 0: { json: orderInput(setup) } }),
    });
    const answer = (await batched.json()) as [{ error: { json: { data: { reason: string } } } }];
    expect(answer[0].error.json.data.reason).toBe('LIMIT_REACHED');
    const form = await both({ body: () => 'a=1', cookie: cookies.viewer2, contentType: 'text/plain' });
    expect(form.fast.status).toBeGreaterThanOrEqual(400);
    expect(withoutStack(form.fast)).toEqual(withoutStack(form.standard));
  });
});
