// The edges over real HTTP: a foreign Origin changes nothing (orders.create on both lanes,
// live.pin, an upload), bodies over the limit are 413 and never a reset, every answer carries
// the security headers, and /api/metrics wants its token.
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as uploadPost } from '@/app/api/uploads/route';
import { DEMO_PASSWORD } from '@/prisma/seed-data';
import type { Container } from '@/server/container';
import { setContainer } from '@/server/container-ref';
import { createRequestHandler } from '@/server/http';
import { orderInput, setupFlashSale, type FlashSetup } from '@/server/testing/flash';
import { BACKENDS, createSeededContainer, userByName } from '@/server/testing/harness';
import { startTestServer, trpcHttp } from '@/server/testing/http';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const EVIL = 'https://evil.example';

/** A raw POST (any headers, any body) and its answer; a reset connection rejects. */
function rawPost(url: string, path: string, opts: { headers?: Record<string, string>; chunks?: Buffer[] } = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; json: unknown }>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...opts.headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    void (async () => {
      for (const chunk of opts.chunks ?? []) if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      req.end();
    })();
  });
}

type TrpcError = { error: { json: { data: { reason: string | null } } } };
/** The reason of a tRPC error answer (a batch's: every call's must agree). */
const trpcReason = (json: unknown): string | null => {
  if (!Array.isArray(json)) return (json as TrpcError).error.json.data.reason;
  const reasons = new Set((json as TrpcError[]).map((call) => call.error.json.data.reason));
  return reasons.size === 1 ? [...reasons][0]! : `mixed: ${[...reasons].join(', ')}`;
};

describe.each(BACKENDS)('edges on %s', (backend) => {
  let container: Container;
  let fast: Server;
  let standard: Server;
  let setup: FlashSetup;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    setContainer(container);
    fast = await startTestServer(container);
    standard = await startTestServer(container, { fastLane: false });
    for (const name of ['viewer3', 'host1']) {
      const res = await trpcHttp(fast.url, 'auth.signIn', { input: { username: name, password: DEMO_PASSWORD }, mutation: true });
      cookies[name] = res.setCookie!.split(';')[0]!;
    }
    setup = await setupFlashSale(container, { stock: 10, limit: 5 });
  });
  afterAll(async () => {
    await fast?.close();
    await standard?.close();
    await container?.close();
  });

  const ordersOf = async (username: string) => container.db.order.count({ where: { userId: (await userByName(container, username)).id } });
  const order = () => JSON.stringify({ json: orderInput(setup) });

  describe('a foreign Origin', () => {
    it.each([['fast lane', () => fast], ['standard adapter', () => standard]] as const)('cannot create an order (%s): 403 FOREIGN_ORIGIN, no row', async (_lane, server) => {
      const before = await ordersOf('viewer3');
      const res = await rawPost(server().url, '/api/trpc/orders.create', { headers: { cookie: cookies.viewer3!, origin: EVIL }, chunks: [Buffer.from(order())] });
      expect(res.status).toBe(403);
      expect(trpcReason(res.json)).toBe('FOREIGN_ORIGIN');
      // Without Origin, a browser's Sec-Fetch-Site says where the request came from.
      const crossSite = await rawPost(server().url, '/api/trpc/orders.create', { headers: { cookie: cookies.viewer3!, 'sec-fetch-site': 'cross-site' }, chunks: [Buffer.from(order())] });
      expect(crossSite.status).toBe(403);
      expect(await ordersOf('viewer3')).toBe(before);
    });

    it('lets the app’s own pages order (same Origin, or Sec-Fetch-Site: same-origin)', async () => {
      const before = await ordersOf('viewer3');
      const own = await rawPost(fast.url, '/api/trpc/orders.create', { headers: { cookie: cookies.viewer3!, origin: fast.url }, chunks: [Buffer.from(order())] });
      expect(own.status).toBe(200);
      const sameOrigin = await rawPost(standard.url, '/api/trpc/orders.create', { headers: { cookie: cookies.viewer3!, 'sec-fetch-site': 'same-origin' }, chunks: [Buffer.from(order())] });
      expect(sameOrigin.status).toBe(200);
      expect(await ordersOf('viewer3')).toBe(before + 2);
    });

    it('cannot pin an item, batched or not', async () => {
      const pinnedAt = async () => (await container.db.liveRoomGoods.findUniqueOrThrow({ where: { id: setup.roomGoodsId }, select: { pinnedAt: true } })).pinnedAt;
      expect(await pinnedAt()).toBeNull();
      const body = JSON.stringify({ json: { liveId: setup.liveId, roomGoodsId: setup.roomGoodsId } });
      const single = await rawPost(fast.url, '/api/trpc/live.pin', { headers: { cookie: cookies.host1!, origin: EVIL }, chunks: [Buffer.from(body)] });
      expect(single.status).toBe(403);
      expect(trpcReason(single.json)).toBe('FOREIGN_ORIGIN');
      const batch = await rawPost(fast.url, '/api/trpc/live.pin?batch=1', { headers: { cookie: cookies.host1!, origin: EVIL }, chunks: [Buffer.from(`{"0":${body}}`)] });
      expect(batch.status).toBe(403);
      expect(trpcReason(batch.json)).toBe('FOREIGN_ORIGIN');
      expect(await pinnedAt()).toBeNull();
      const own = await rawPost(fast.url, '/api/trpc/live.pin', { headers: { cookie: cookies.host1!, origin: fast.url }, chunks: [Buffer.from(body)] });
      expect(own.status).toBe(200);
      expect(await pinnedAt()).not.toBeNull();
    });

    it('cannot upload an image: 403 before the session is read', async () => {
      const form = new FormData();
      form.set('file', new Blob([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')], { type: 'image/png' }), 'a.png');
      const res = await uploadPost(new Request('http://shop.example/api/uploads', { method: 'POST', headers: { host: 'shop.example', origin: EVIL, cookie: cookies.host1! }, body: form }));
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String), reason: 'FOREIGN_ORIGIN' } });
    });

    it('leaves queries alone: reads are not state changes, and CORS keeps their answers from other sites', async () => {
      const res = await fetch(`${fast.url}/api/trpc/auth.me`, { headers: { origin: EVIL } });
      expect(res.status).toBe(200);
    });
  });

  describe('body limits', () => {
    const kib = (n: number, byte = 0x20) => Buffer.alloc(n * 1024, byte);

    it.each([['fast lane', () => fast], ['standard adapter', () => standard]] as const)('answers an order body over 64 KiB with 413 TOO_LARGE, chunked or declared (%s)', async (_lane, server) => {
      const chunked = await rawPost(server().url, '/api/trpc/orders.create', { headers: { cookie: cookies.viewer3! }, chunks: [Buffer.from('{"json":'), ...Array.from({ length: 80 }, () => kib(1)), Buffer.from('1}')] });
      expect(chunked.status).toBe(413);
      expect(trpcReason(chunked.json)).toBe('TOO_LARGE');
      const body = Buffer.concat([Buffer.from('{"json":'), kib(70), Buffer.from('1}')]);
      const declared = await rawPost(server().url, '/api/trpc/orders.create', { headers: { cookie: cookies.viewer3!, 'content-length': String(body.length) }, chunks: [body] });
      expect(declared.status).toBe(413);
      expect(trpcReason(declared.json)).toBe('TOO_LARGE');
    });

    it('answers a 30 MiB funnel event with 413, not a reset, and writes nothing', async () => {
      const before = await container.db.trackingEvent.count();
      const res = await rawPost(fast.url, '/api/trpc/tracking.track?batch=1', { chunks: [Buffer.from(`{"0":{"json":{"type":"CART_OPEN","liveId":${setup.liveId},"x":"`), ...Array.from({ length: 30 }, () => kib(1024, 0x61)), Buffer.from('"}}}')] });
      expect(res.status).toBe(413);
      expect(trpcReason(res.json)).toBe('TOO_LARGE');
      expect(await container.db.trackingEvent.count()).toBe(before);
    });

    it('answers any tRPC batch over 512 KiB with 413, and keeps smaller ones', async () => {
      const res = await rawPost(fast.url, '/api/trpc/catalog.create?batch=1', { headers: { cookie: cookies.host1! }, chunks: [Buffer.from('{"0":{"json":{"title":"'), kib(600, 0x61), Buffer.from('"}}}')] });
      expect(res.status).toBe(413);
      expect(trpcReason(res.json)).toBe('TOO_LARGE');
      const small = await rawPost(fast.url, '/api/trpc/catalog.create?batch=1', { headers: { cookie: cookies.host1! }, chunks: [Buffer.from('{"0":{"json":{"title":"'), kib(300, 0x61), Buffer.from('"}}}')] });
      expect(small.status).toBe(400); // past the body limit's check: the title is too long for the schema
    });

    it('answers a declared upload over the limit with 413 unread', async () => {
      const res = await uploadPost(new Request('http://shop.example/api/uploads', { method: 'POST', headers: { host: 'shop.example', 'content-length': String(6 * 1024 * 1024), 'content-type': 'multipart/form-data; boundary=x' } }));
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('at most'), reason: 'TOO_LARGE' } });
    });
  });

  describe('security headers', () => {
    /** The app's handler with a stand-in for Next that shows what Next would be given. */
    async function withNextStandIn(run: (url: string) => Promise<void>) {
      const server = createServer(
        createRequestHandler(container, (req, res) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ requestCsp: req.headers['content-security-policy'] ?? null, reportOnly: req.headers['content-security-policy-report-only'] ?? null }));
        }),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }

    const expectCommon = (headers: Headers, path: string) => {
      expect(headers.get('x-frame-options'), path).toBe('DENY');
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(headers.get('strict-transport-security'), path).toBeNull();
    };

    it('sends them on pages, tRPC and the REST goods list', async () => {
      await withNextStandIn(async (url) => {
        for (const path of ['/', '/login']) {
          const res = await fetch(`${url}${path}`, { headers: { 'content-security-policy': "script-src 'nonce-chosen-by-client'", 'content-security-policy-report-only': 'x' } });
          expectCommon(res.headers, path);
          const csp = res.headers.get('content-security-policy')!;
          const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
          expect(nonce, path).toBeDefined();
          expect(csp).toContain(`connect-src 'self' ${url.replace('http', 'ws')}`);
          // Next is handed the same policy (it takes the nonce from it), never the client's own.
          expect(await res.json()).toEqual({ requestCsp: csp, reportOnly: null });
        }
        const first = (await fetch(`${url}/`)).headers.get('content-security-policy');
        expect((await fetch(`${url}/`)).headers.get('content-security-policy')).not.toBe(first);

        for (const path of ['/api/trpc/auth.me', '/api/live/goods-list?live_id=1', '/api/trpc/orders.create']) {
          const res = await fetch(`${url}${path}`, path.endsWith('create') ? { method: 'POST', body: '{' } : {});
          expectCommon(res.headers, path);
          expect(res.headers.get('content-security-policy'), path).toContain("default-src 'none'");
        }
      });
    });

    it('adds HSTS and upgrade-insecure-requests behind an https proxy', async () => {
      await withNextStandIn(async (url) => {
        for (const path of ['/', '/api/trpc/auth.me']) {
          const res = await fetch(`${url}${path}`, { headers: { 'x-forwarded-proto': 'https' } });
          expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains');
        }
        const page = await fetch(`${url}/`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example' } });
        expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' wss://shop.example https:; ");
        expect(page.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
      });
    });
  });

  describe('/api/metrics', () => {
    it('answers loopback when no token is set, and not through a proxy', async () => {
      expect((await fetch(`${fast.url}/api/metrics`)).status).toBe(200);
      const proxied = await fetch(`${fast.url}/api/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(proxied.status).toBe(403);
      expect(await proxied.json()).toMatchObject({ error: { reason: 'LOOPBACK_ONLY' } });
    });
  });
});

describe('edges with METRICS_TOKEN, APP_ORIGINS and SESSION_COOKIE_SECURE set', () => {
  const TOKEN = 'metrics-token-0123456789';
  let container: Container;
  let server: Server;
  beforeAll(async () => {
    container = await createSeededContainer('embedded', { METRICS_TOKEN: TOKEN, APP_ORIGINS: 'https://shop.example', SESSION_COOKIE_SECURE: 'always' });
    server = await startTestServer(container);
  });
  afterAll(async () => {
    await server?.close();
    await container?.close();
  });

  it('wants the bearer token for metrics, even on loopback', async () => {
    const none = await fetch(`${server.url}/api/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await fetch(`${server.url}/api/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const ok = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('process_cpu');
  });

  it('takes mutations from the configured origins only, and marks the session cookie Secure', async () => {
    const signIn = (origin: string) =>
      fetch(`${server.url}/api/trpc/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ json: { username: 'viewer1', password: DEMO_PASSWORD } }) });
    expect((await signIn(server.url)).status).toBe(403);
    const ok = await signIn('https://shop.example');
    expect(ok.status).toBe(200);
    const cookies = ok.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('livecart_session='))).toMatch(/; Secure/i);
    expect(cookies.find((c) => c.startsWith('lc_vid='))).toMatch(/; Secure/i);
  });
});
