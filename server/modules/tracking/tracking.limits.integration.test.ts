// Funnel events are a public write: one visitor, or one address, cannot flood a room's funnel.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { BACKENDS, callerFor, createSeededContainer, refusal, userByName } from '@/server/testing/harness';
import { startTestServer } from '@/server/testing/http';
import { createContextInner } from '@/server/trpc/context';
import { createCaller } from '@/server/trpc/root';
import { limitTracking, TRACK_LIMITS } from './tracking.rate-limit';

describe.each(BACKENDS)('tracking limits on %s', (backend) => {
  let container: Container;
  let liveId: number;

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    liveId = (await container.db.liveSession.findFirstOrThrow({ select: { id: true } })).id;
  });
  afterAll(async () => {
    await container?.close();
  });

  const rowsOf = (trackingCode: string) => container.db.trackingEvent.count({ where: { trackingCode } });

  it('refuses a visitor past its limit over HTTP with 429, Retry-After and no row; another visitor goes on', async () => {
    const server = await startTestServer(container);
    try {
      const code = `lim${randomUUID().slice(0, 8)}`;
      const post = (cookie: string) =>
        fetch(`${server.url}/api/trpc/tracking.track`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ json: { type: 'CART_OPEN', liveId, trackingCode: code } }) });
      const visitor = `lc_vid=v${randomUUID().replace(/-/g, '')}`;
      for (let i = 0; i < TRACK_LIMITS.visitorPer10s; i++) expect((await post(visitor)).status).toBe(200);
      const refused = await post(visitor);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await refused.json()) as { error: { json: { data: { reason: string } } } }).error.json.data.reason).toBe('RATE_LIMITED');
      expect(await rowsOf(code)).toBe(TRACK_LIMITS.visitorPer10s);
      expect((await post(`lc_vid=v${randomUUID().replace(/-/g, '')}`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('counts a signed-in viewer by account, whatever visitor cookie comes with it', async () => {
    const user = await userByName(container, 'viewer4');
    const code = `acc${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < TRACK_LIMITS.visitorPer10s; i++) {
      const caller = createCaller(createContextInner({ container, user, ip: `10.1.0.${i}`, visitorId: `fresh${i}${randomUUID().slice(0, 6)}` }));
      await caller.tracking.track({ type: 'CART_OPEN', liveId, trackingCode: code });
    }
    const error = await refusal(callerFor(container, user, '10.2.0.1').tracking.track({ type: 'CART_OPEN', liveId, trackingCode: code }));
    expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('refuses one address past its limit however many visitors it claims to be, refused events included', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const visitor = (i: number) => createCaller(createContextInner({ container, ip, visitorId: `ip${i}x${randomUUID().slice(0, 8)}` }));
    // Events refused for their content (a room that does not exist) count too.
    for (let i = 0; i < 5; i++) expect((await refusal(visitor(i).tracking.track({ type: 'CART_OPEN', liveId: 2_000_000_000 }))).code).toBe('NOT_FOUND');
    // The rest of the budget straight at the limiter: quick enough to stay inside one window.
    await Promise.all(Array.from({ length: TRACK_LIMITS.ipPer10s - 5 }, (_, i) => limitTracking(container, { ip, visitorId: `direct${i}` })));
    const code = `ip${randomUUID().slice(0, 8)}`;
    const error = await refusal(visitor(-1).tracking.track({ type: 'CART_OPEN', liveId, trackingCode: code }));
    expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(await rowsOf(code)).toBe(0);
    // Another address is not affected.
    await createCaller(createContextInner({ container, ip: '198.51.100.251', visitorId: `other${randomUUID().slice(0, 8)}` })).tracking.track({ type: 'CART_OPEN', liveId, trackingCode: code });
    expect(await rowsOf(code)).toBe(1);
  });
});
