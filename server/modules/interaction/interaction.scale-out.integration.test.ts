// Two app instances on one PostgreSQL and Redis: a comment sent through one reaches a viewer
// socket on the other, likes counted on both add up, and a mute set on one holds on the other
// at once.
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClientToServerEvents, CommentView, ServerToClientEvents } from '@/server/realtime/events';
import { setupFlashSale } from '@/server/testing/flash';
import { callerFor, createTestContainer, createViewers, refusal, userByName } from '@/server/testing/harness';
import { startTestInstance, type TestInstance } from '@/server/testing/instance';

type Instance = TestInstance;

async function startInstance(prefix: string): Promise<Instance> {
  return startTestInstance(await createTestContainer('postgres+redis', {}, { redisKeyPrefix: prefix }));
}

describe('interaction across two instances on PostgreSQL + Redis', () => {
  let a: Instance;
  let b: Instance;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const prefix = `${inject('redisPrefix')}talk-${randomUUID().slice(0, 6)}:`;
    a = await startInstance(prefix);
    b = await startInstance(prefix);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    for (const i of [a, b]) await i?.close();
  });

  async function viewerSocket(on: Instance, liveId: number) {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(on.url, { transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    expect(await socket.emitWithAck('room:join', { liveId, as: 'viewer' })).toEqual({ ok: true });
    return socket;
  }

  it('pushes a comment sent through A to a viewer on B, and one sent through B to a viewer on A', async () => {
    const setup = await setupFlashSale(a.container, { stock: 1, limit: 1 });
    const onA = await viewerSocket(a, setup.liveId);
    const onB = await viewerSocket(b, setup.liveId);
    const received = (socket: Socket<ServerToClientEvents, ClientToServerEvents>, text: string) =>
      new Promise<CommentView>((resolve) => {
        const listener = (p: { added: CommentView[] }) => {
          const hit = p.added.find((c) => c.text === text);
          if (hit) {
            socket.off('comments:changed', listener);
            resolve(hit);
          }
        };
        socket.on('comments:changed', listener);
      });
    const [u1, u2] = await createViewers(a.container, 2, 'twotalk');
    const gotOnB = received(onB, '从A发的');
    const gotOnA = received(onA, '从B发的');
    const sentAt = Date.now();
    await callerFor(a.container, u1).interaction.send({ liveId: setup.liveId, text: '从A发的' });
    await callerFor(b.container, u2).interaction.send({ liveId: setup.liveId, text: '从B发的' });
    await expect(gotOnB).resolves.toMatchObject({ userName: u1!.name });
    await expect(gotOnA).resolves.toMatchObject({ userName: u2!.name });
    // Well within a second, batching included.
    expect(Date.now() - sentAt).toBeLessThan(1000);
  });

  it('sends a viewer one batch per interval however many instances take the comments, each comment once', async () => {
    const setup = await setupFlashSale(a.container, { stock: 1, limit: 1 });
    const onB = await viewerSocket(b, setup.liveId);
    const batches: string[][] = [];
    onB.on('comments:changed', (p) => batches.push(p.added.map((c) => c.text)));
    const people = await createViewers(a.container, 20, 'twobatch');
    const started = Date.now();
    await Promise.all(people.map((u, i) => callerFor(i % 2 ? a.container : b.container, u).interaction.send({ liveId: setup.liveId, text: `第${i}句` })));
    await expect.poll(() => batches.flat().length).toBe(20);
    const elapsed = Date.now() - started;
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 1);
    expect(new Set(batches.flat()).size).toBe(20);
  });

  it('adds up likes counted on both instances, and pushes the total to viewers of both', async () => {
    const setup = await setupFlashSale(a.container, { stock: 1, limit: 1 });
    const onB = await viewerSocket(b, setup.liveId);
    const totals: number[] = [];
    onB.on('likes:changed', (p) => totals.push(p.total));
    const [u1, u2] = await createViewers(a.container, 2, 'twolike');
    await Promise.all([callerFor(a.container, u1).interaction.like({ liveId: setup.liveId, count: 30 }), callerFor(b.container, u2).interaction.like({ liveId: setup.liveId, count: 12 })]);
    await Promise.all([a.container.interaction.likes.flush(), b.container.interaction.likes.flush()]);
    await expect.poll(() => Math.max(0, ...totals)).toBe(42);
    expect((await callerFor(b.container).interaction.comments({ liveId: setup.liveId })).likes).toBe(42);
  });

  it('holds a mute set through A for comments sent through B at once', async () => {
    const setup = await setupFlashSale(a.container, { stock: 1, limit: 1 });
    const [u] = await createViewers(a.container, 1, 'twomute');
    const viaB = callerFor(b.container, u);
    // B has read (and keeps) the room's rules.
    const { comment } = await viaB.interaction.send({ liveId: setup.liveId, text: '第一句' });
    await callerFor(a.container, await userByName(a.container, 'host1')).interaction.mute({ liveId: setup.liveId, commentId: comment.id, minutes: 5 });
    await expect.poll(async () => (await refusal(viaB.interaction.send({ liveId: setup.liveId, text: '还在吗' }))).code, { timeout: 1000 }).toBe('FORBIDDEN');
  });
});
