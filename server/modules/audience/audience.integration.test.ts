// The audience on both backends: presence across instances, entries, unique viewers, peak,
// watch time, the sweep of a dead instance's viewers, the curve, the funnel from room entry,
// GPM and viewer → buyer conversion. Instances are two containers on one database and (with
// Redis) one key prefix, each with its own Audience on a clock the test moves.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seed } from '@/prisma/seed';
import type { Container } from '@/server/container';
import { roomFunnel } from '@/server/modules/live-stats/board.service';
import { OutboxRelay } from '@/server/modules/live-stats/outbox-relay';
import { orderInput, setupFlashSale } from '@/server/testing/flash';
import { BACKENDS, callerFor, createTestContainer, createViewers, refusal, userByName, type Backend, type Caller } from '@/server/testing/harness';
import { AUDIENCE_TIMING, Audience, gpmOf } from './audience.service';
import { createMemoryPresence } from './presence-memory';
import { createRedisPresence } from './presence-redis';
import type { Presence } from './presence';

const LIMITS = { ORDER_RATE_USER_PER_10S: '10000', ORDER_RATE_IP_PER_10S: '1000000' };
const T0 = Date.parse('2026-12-01T12:00:00.000Z');

describe.each(BACKENDS)('audience on %s', (backend: Backend) => {
  let a: Container;
  let b: Container;
  let host: Caller;
  const clock = { now: T0 };
  const presences = new Map<Container, Presence>();

  // Presence objects per container, as the runtime would build them (the memory one is the
  // process's own: the embedded default is one process).
  const presenceOf = (c: Container) => {
    if (!presences.has(c)) presences.set(c, c.redis ? createRedisPresence(c.redis) : createMemoryPresence());
    return presences.get(c)!;
  };
  const audienceOn = (c: Container, presence = presenceOf(c)) => new Audience({ db: c.db, presence, log: c.log, limit: async () => {}, now: () => clock.now });

  beforeAll(async () => {
    const redisKeyPrefix = backend === 'embedded' ? undefined : `${inject('redisPrefix')}aud${randomUUID().slice(0, 6)}:`;
    a = await createTestContainer(backend, LIMITS, { redisKeyPrefix });
    if (backend === 'embedded') {
      await seed(a.db);
      b = a;
    } else {
      b = await createTestContainer(backend, LIMITS, { redisKeyPrefix });
    }
    host = callerFor(a, await userByName(a, 'host1'));
  });
  afterAll(async () => {
    if (b !== a) await b?.close();
    await a?.close();
  });

  const newRoom = async () => (await host.live.create({ title: `观众测试 ${randomUUID().slice(0, 6)}` })).id;
  const visits = (liveId: number) => a.db.liveVisit.findMany({ where: { liveId }, select: { visitorId: true, userId: true, enteredAt: true, leftAt: true, seconds: true }, orderBy: { id: 'asc' } });

  it('counts a viewer once across two instances: online, entries (PV), unique viewers (UV) and peak', async () => {
    const liveId = await newRoom();
    const [onA, onB] = [audienceOn(a), audienceOn(b)];
    clock.now = T0;
    // One browser (one visitor cookie) with a tab on each instance; then a signed-in viewer.
    await onA.enter({ liveId, connId: 'a-1', visitorCookie: 'browser1aaaa', ip: '10.0.0.1' });
    await onB.enter({ liveId, connId: 'b-1', visitorCookie: 'browser1aaaa', ip: '10.0.0.1' });
    // A socket that joins again (a reconnect that kept its id) is not a new entry.
    await onB.enter({ liveId, connId: 'b-1', visitorCookie: 'browser1aaaa', ip: '10.0.0.1' });
    for (const side of [onA, onB]) expect(await side.figures(liveId)).toMatchObject({ online: 1, entries: 2, uv: 1, peak: 1 });
    const viewer = await userByName(a, 'viewer3');
    await onB.enter({ liveId, connId: 'b-2', userId: viewer.id, visitorCookie: 'browser2bbbb', ip: '10.0.0.2' });
    clock.now += AUDIENCE_TIMING.figuresMemoMs;
    expect(await onA.figures(liveId)).toMatchObject({ online: 2, entries: 3, uv: 2, peak: 2 });

    // The first browser closes its tab on A: still watching on B.
    await onA.leave(liveId, 'a-1');
    clock.now += AUDIENCE_TIMING.figuresMemoMs;
    expect(await onB.figures(liveId)).toMatchObject({ online: 2, entries: 3, uv: 2, peak: 2 });
    await onB.disconnected('b-1');
    clock.now += AUDIENCE_TIMING.figuresMemoMs;
    expect(await onA.figures(liveId)).toMatchObject({ online: 1, entries: 3, uv: 2, peak: 2 });
    await onB.leave(liveId, 'b-2');
    clock.now += AUDIENCE_TIMING.figuresMemoMs;
    expect(await onA.figures(liveId)).toMatchObject({ online: 0, peak: 2 });
    // Every visit was written once, under the browser or the account, and closed.
    expect((await visits(liveId)).map((v) => [v.visitorId, v.userId, v.leftAt !== null])).toEqual([
      ['browser1aaaa', null, true],
      ['browser1aaaa', null, true],
      [`u${viewer.id}`, viewer.id, true],
    ]);
    // Each entry is the funnel's first step.
    expect(await a.db.trackingEvent.count({ where: { liveId, type: 'ROOM_ENTER' } })).toBe(3);
  });

  it('measures watch time per visit and per viewer, open visits up to now', async () => {
    const liveId = await newRoom();
    const side = audienceOn(a);
    clock.now = T0;
    await side.enter({ liveId, connId: 'w-1', visitorCookie: 'watcher1xxxx', ip: '10.0.0.3' });
    await side.enter({ liveId, connId: 'w-2', visitorCookie: 'watcher2xxxx', ip: '10.0.0.4' });
    // The upkeep writes open visits' watch time so far.
    await side.tick(T0 + 60_000);
    expect((await visits(liveId)).map((v) => v.seconds)).toEqual([60, 60]);
    clock.now = T0 + 90_000;
    await side.leave(liveId, 'w-1');
    expect((await visits(liveId)).map((v) => [v.seconds, v.leftAt?.getTime() ?? null])).toEqual([
      [90, T0 + 90_000],
      [60, null],
    ]);
    clock.now = T0 + 120_000;
    // 90 s closed + 120 s still open, over 2 viewers.
    expect(await side.figures(liveId)).toMatchObject({ watchSeconds: 210, avgWatchSeconds: 105, uv: 2, online: 1 });
    await side.tick(T0 + 120_000);
    expect((await visits(liveId))[1]).toMatchObject({ seconds: 120, leftAt: null });
    await side.stop({ leave: true });
    expect((await visits(liveId))[1]).toMatchObject({ seconds: 120, leftAt: new Date(T0 + 120_000) });
  });

  it('closes the visits of an instance that died: swept by another instance, or by the database sweep', async () => {
    const liveId = await newRoom();
    const dying = audienceOn(b);
    clock.now = T0;
    await dying.enter({ liveId, connId: 'd-1', visitorCookie: 'doomed1xxxxx', ip: '10.0.0.5' });
    await dying.tick(T0 + 20_000);
    // The instance is gone: no leave, no more upkeep. Another instance (on Redis), or the
    // next process (in-process presence is gone with the process), sweeps it out.
    const survivor = backend === 'embedded' ? audienceOn(a, createMemoryPresence()) : audienceOn(a);
    clock.now = T0 + 20_000 + AUDIENCE_TIMING.staleVisitMs + 10_000;
    await survivor.tick(clock.now);
    expect(await visits(liveId)).toEqual([expect.objectContaining({ seconds: 20, leftAt: new Date(T0 + 20_000) })]);
    expect(await survivor.figures(liveId)).toMatchObject({ online: 0, entries: 1, watchSeconds: 20 });
  });

  it('draws the curve per minute (peak online and entries) with the 讲解 segments on it', async () => {
    const liveId = await newRoom();
    const spuId = (await a.db.spu.findFirstOrThrow({ where: { shopId: (await userByName(a, 'host1')).shopId!, status: 'ACTIVE' }, select: { id: true } })).id;
    const desk = await host.live.addGoods({ liveId, spuIds: [spuId] });
    await host.live.pin({ liveId, roomGoodsId: desk.goods[0]!.roomGoodsId });
    const [onA, onB] = [audienceOn(a), audienceOn(b)];
    const minute = Math.floor(T0 / 60_000) * 60_000 + 60_000;
    clock.now = minute + 5_000;
    await onA.enter({ liveId, connId: 'c-1', visitorCookie: 'curve1xxxxxx', ip: '10.0.0.6' });
    await onB.enter({ liveId, connId: 'c-2', visitorCookie: 'curve2xxxxxx', ip: '10.0.0.7' });
    await onA.enter({ liveId, connId: 'c-3', visitorCookie: 'curve3xxxxxx', ip: '10.0.0.8' });
    await onA.leave(liveId, 'c-3');
    // Both instances sample the same minute: the point is the most seen, counted once.
    await onA.tick(minute + 10_000);
    await onB.tick(minute + 12_000);
    clock.now = minute + 65_000;
    await onB.leave(liveId, 'c-2');
    await onA.tick(minute + 70_000);
    const curve = await onA.curve(liveId);
    expect(curve.points).toEqual([
      { t: minute, online: 3, entries: 3 },
      { t: minute + 60_000, online: 1, entries: 0 },
    ]);
    expect(curve.pins).toEqual([expect.objectContaining({ title: desk.goods[0]!.title, to: null })]);
    clock.now += AUDIENCE_TIMING.figuresMemoMs;
    expect(await onA.figures(liveId)).toMatchObject({ peak: 3, online: 1 });
    await onA.stop({ leave: true });
  });

  it('starts the funnel at room entry, and gives GPM (GMV per 1,000 entries) and viewer → buyer conversion', async () => {
    const setup = await setupFlashSale(a, { stock: 20, limit: 2, price: 1990 });
    const liveId = setup.liveId;
    const side = audienceOn(a);
    const [buyer1, buyer2] = await createViewers(a, 2, 'gpm');
    clock.now = Date.now();
    await side.enter({ liveId, connId: 'g-1', userId: buyer1!.id, ip: '10.0.1.1' });
    await side.enter({ liveId, connId: 'g-2', userId: buyer2!.id, ip: '10.0.1.2' });
    await side.enter({ liveId, connId: 'g-3', visitorCookie: 'lookeronlyxx', ip: '10.0.1.3' });
    await side.enter({ liveId, connId: 'g-4', userId: buyer1!.id, ip: '10.0.1.1' });
    for (const buyer of [buyer1!, buyer2!]) {
      const caller = callerFor(a, buyer);
      await caller.tracking.track({ type: 'CART_OPEN', liveId, sourceType: 'live' });
      await caller.orders.create(orderInput(setup));
    }
    await new OutboxRelay(a, { mode: 'single' }).drain();
    const funnel = await roomFunnel(a, null, liveId);
    expect(funnel.total).toMatchObject({ roomEntries: 4, cartOpens: 2, orders: 2 });

    const ops = callerFor(a, await userByName(a, 'ops1'));
    clock.now += AUDIENCE_TIMING.figuresMemoMs;
    const figures = await side.figures(liveId);
    expect(figures).toMatchObject({ entries: 4, uv: 3, online: 3, gmv: 3980, buyers: 2, gpm: gpmOf(3980, 4) });
    expect(figures.gpm).toBe(995_000); // ¥9,950.00 per 1,000 entries
    expect(figures.conversion).toBeCloseTo(2 / 3);
    // Through the API: ops and the room's shop see it; another shop's host does not, a viewer may not.
    expect(await ops.audience.figures({ liveId })).toMatchObject({ entries: 4, uv: 3, gpm: 995_000 });
    expect((await host.audience.curve({ liveId })).pins).toEqual([]);
    expect((await refusal(callerFor(a, await userByName(a, 'host2')).audience.figures({ liveId }))).code).toBe('NOT_FOUND');
    expect((await refusal(callerFor(a, await userByName(a, 'viewer1')).audience.figures({ liveId }))).code).toBe('FORBIDDEN');
    await side.stop({ leave: true });
  });
});
