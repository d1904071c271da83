import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommentView } from './events';
import { Realtime, type Emitted } from './emitter';

const comment = (id: number): CommentView => ({ id: String(id), userName: 'x', text: `c${id}`, at: 0 });

describe('Realtime.publish: one table decides who gets a push and how often', () => {
  let realtime: Realtime;
  let seen: Emitted[];
  beforeEach(() => {
    vi.useFakeTimers();
    realtime = new Realtime();
    seen = [];
    realtime.onEmit((e) => seen.push(e));
  });
  afterEach(() => {
    realtime.close();
    vi.useRealTimers();
  });

  it('sends a room’s own changes at once to viewers and hosts, and the desk’s order list to hosts only', () => {
    realtime.publish('pin:changed', { liveId: 7, pinned: null, at: 'now' });
    realtime.publish('order:updated', { liveId: 7, orderSn: '1', status: 'PAID', buyer: 'b', amount: 1, quantity: 1, title: 't', at: 'now' });
    expect(seen.map((e) => `${e.event}→${e.room}`)).toEqual(['pin:changed→live:7', 'pin:changed→live:7:hosts', 'order:updated→live:7:hosts']);
  });

  it('keeps stock to ≤ 10/s per SKU with the newest figure, SKUs apart', () => {
    for (let i = 0; i < 100; i++) {
      realtime.publish('stock:changed', { liveId: 1, flashSaleId: 1, flashSkuId: 1, skuId: 1, remaining: 100 - i, seq: i });
      realtime.publish('stock:changed', { liveId: 1, flashSaleId: 1, flashSkuId: 2, skuId: 2, remaining: 200 - i, seq: i });
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(200);
    const sku1 = seen.filter((e) => e.room === 'live:1' && (e.payload as { flashSkuId: number }).flashSkuId === 1);
    // 1 s of pushes every 10 ms: the first at once, then one per 100 ms.
    expect(sku1.length).toBeGreaterThanOrEqual(10);
    expect(sku1.length).toBeLessThanOrEqual(11);
    expect((sku1.at(-1)!.payload as { remaining: number }).remaining).toBe(1);
    expect(seen.filter((e) => (e.payload as { flashSkuId: number }).flashSkuId === 2).at(-1)!.payload).toMatchObject({ remaining: 101 });
  });

  it('batches comments per room (one push per 200 ms), in order, a removal dropping a waiting addition', () => {
    realtime.publish('comments:changed', { liveId: 1, added: [comment(1)], removed: [] });
    realtime.publish('comments:changed', { liveId: 1, added: [comment(2)], removed: [] });
    realtime.publish('comments:changed', { liveId: 1, added: [comment(3)], removed: [] });
    realtime.publish('comments:changed', { liveId: 1, added: [], removed: ['2'] });
    realtime.publish('comments:changed', { liveId: 2, added: [comment(9)], removed: [] });
    const viewers = () => seen.filter((e) => e.room === 'live:1').map((e) => e.payload);
    expect(viewers()).toEqual([{ liveId: 1, added: [comment(1)], removed: [] }]);
    vi.advanceTimersByTime(200);
    expect(viewers()).toEqual([
      { liveId: 1, added: [comment(1)], removed: [] },
      { liveId: 1, added: [comment(3)], removed: ['2'] },
    ]);
    expect(seen.filter((e) => e.room === 'live:2')).toHaveLength(1);
  });

  it('turns a storm of like totals into ≤ 1 push per 400 ms per room, never a smaller total', () => {
    for (let i = 1; i <= 100; i++) {
      realtime.publish('likes:changed', { liveId: 1, total: i * 10 });
      vi.advanceTimersByTime(10);
    }
    // An instance that counted earlier reports a smaller total late: it does not win.
    realtime.publish('likes:changed', { liveId: 1, total: 5 });
    vi.advanceTimersByTime(400);
    const totals = seen.filter((e) => e.room === 'live:1').map((e) => (e.payload as { total: number }).total);
    expect(totals.length).toBeLessThanOrEqual(5);
    expect(totals.at(-1)).toBe(1000);
    expect([...totals].sort((a, b) => a - b)).toEqual(totals);
  });

  it('lets a like total ride in the comment batch waiting for the room, and go alone when comments are quiet', () => {
    realtime.publish('comments:changed', { liveId: 1, added: [comment(1)], removed: [] });
    realtime.publish('comments:changed', { liveId: 1, added: [comment(2)], removed: [] });
    realtime.publish('likes:changed', { liveId: 1, total: 40 });
    realtime.publish('likes:changed', { liveId: 2, total: 7 });
    vi.advanceTimersByTime(200);
    const viewers = seen.filter((e) => e.room === 'live:1');
    expect(viewers.map((e) => e.event)).toEqual(['comments:changed', 'comments:changed']);
    expect(viewers[1]!.payload).toEqual({ liveId: 1, added: [comment(2)], removed: [], likes: 40 });
    expect(seen.filter((e) => e.room === 'live:2').map((e) => [e.event, (e.payload as { total: number }).total])).toEqual([['likes:changed', 7]]);
  });

  it('merges 想要 counts by item for the desk only', () => {
    realtime.publish('want:changed', { liveId: 1, items: [{ roomGoodsId: 1, wantCount: 1 }] });
    realtime.publish('want:changed', { liveId: 1, items: [{ roomGoodsId: 2, wantCount: 1 }] });
    realtime.publish('want:changed', { liveId: 1, items: [{ roomGoodsId: 1, wantCount: 2 }] });
    vi.advanceTimersByTime(500);
    expect(seen.map((e) => e.room)).toEqual(['live:1:hosts', 'live:1:hosts']);
    expect(seen[1]!.payload).toEqual({ liveId: 1, items: [{ roomGoodsId: 2, wantCount: 1 }, { roomGoodsId: 1, wantCount: 2 }] });
  });

  it('flushes what waits on close and pushes at once after it', () => {
    realtime.publish('order:ticker', { liveId: 1, buyer: 'a', title: 't', quantity: 1, at: '1' });
    realtime.publish('order:ticker', { liveId: 1, buyer: 'b', title: 't', quantity: 1, at: '2' });
    expect(seen).toHaveLength(1);
    realtime.close();
    expect(seen.map((e) => (e.payload as { buyer: string }).buyer)).toEqual(['a', 'b']);
    realtime.publish('order:ticker', { liveId: 1, buyer: 'c', title: 't', quantity: 1, at: '3' });
    expect(seen).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
  });
});
