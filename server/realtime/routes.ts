// The one place that decides what each push is: who receives it and how a burst of it is cut
// down. Domain code publishes an event with its payload (container.realtime.publish); this
// table names the socket rooms and the coalescing, so a storm of orders, comments or taps
// becomes a bounded number of pushes per room, whatever the rate that comes in.
import type { EventName, EventPayload } from './emitter';
import { rooms } from './events';

export interface Route<E extends EventName> {
  /** The socket rooms that receive it. */
  to: (payload: EventPayload<E>) => string[];
  /**
   * At most one push per `ms` and `key`: the first at once, what follows within the interval
   * as one push at its end — the latest payload, or with `merge` all of them folded into one.
   */
  coalesce?: { ms: number; key: (payload: EventPayload<E>) => string; merge?: (pending: EventPayload<E>, next: EventPayload<E>) => EventPayload<E> };
  /**
   * When a push of `event` with the same key (the same room) is already waiting, this one goes
   * inside it (`fold`) instead of as a push of its own: one write per socket instead of two.
   */
  rideAlong?: RideAlong;
}

export interface RideAlong {
  event: EventName;
  fold: (carrier: unknown, payload: unknown) => unknown;
}

/** A typed rideAlong: `fold` puts an `E` payload inside the waiting `C` push. */
const rideAlong = <C extends EventName, E extends EventName>(event: C, fold: (carrier: EventPayload<C>, payload: EventPayload<E>) => EventPayload<C>): RideAlong => ({
  event,
  fold: fold as (carrier: unknown, payload: unknown) => unknown,
});

const room = (p: { liveId: number }) => String(p.liveId);
const viewersAndHosts = (p: { liveId: number }) => [rooms.viewers(p.liveId), rooms.hosts(p.liveId)];

export const routes: { [E in EventName]: Route<E> } = {
  // The room's own changes, each one rare: at once, to everyone in the room.
  'pin:changed': { to: viewersAndHosts },
  'goods:changed': { to: viewersAndHosts },
  'room:status': { to: viewersAndHosts },
  'flash:changed': { to: viewersAndHosts },
  // ≤ 10/s per flash SKU, always the newest figure (its seq only grows).
  'stock:changed': { to: viewersAndHosts, coalesce: { ms: 100, key: (p) => String(p.flashSkuId) } },
  // The quiet cart refresh after orders already runs ≤ 1/s per room; items merge by id.
  'goods:stock': {
    to: viewersAndHosts,
    coalesce: {
      ms: 1000,
      key: room,
      merge: (a, b) => ({ ...b, items: [...new Map([...a.items, ...b.items].map((i) => [i.roomGoodsId, i])).values()] }),
    },
  },
  // "Someone just bought" (and the comment stream's "X 刚刚下单"): the latest buyer, ≤ 4/s per room.
  'order:ticker': { to: (p) => [rooms.viewers(p.liveId)], coalesce: { ms: 250, key: room } },
  // A big screen wants smooth numbers, not one repaint per order: ≤ 2/s per room.
  'stats:updated': { to: (p) => [rooms.ops(), rooms.hosts(p.liveId)], coalesce: { ms: 500, key: room } },
  // The desk's order list: every order (a handful of operators, not the audience).
  'order:updated': { to: (p) => [rooms.hosts(p.liveId)] },
  // Comments: one batch per room per 200 ms, in the order they were written; a removal
  // cancels an addition still waiting in the same batch.
  'comments:changed': {
    to: viewersAndHosts,
    coalesce: {
      ms: 200,
      key: room,
      merge: (a, b) => {
        const removed = new Set([...a.removed, ...b.removed]);
        const likes = Math.max(a.likes ?? 0, b.likes ?? 0);
        return { liveId: b.liveId, added: [...a.added, ...b.added].filter((c) => !removed.has(c.id)), removed: [...removed], ...(likes ? { likes } : {}) };
      },
    },
  },
  'comment:pinned': { to: viewersAndHosts },
  // Counts, not taps: the latest total, ≤ 1 push per 400 ms per room (each push reaches every
  // socket in the room: at 5,000 viewers the writes, not the counting, are the cost).
  // While comments flow, the total rides in their next batch rather than as a write of its own.
  'likes:changed': {
    to: viewersAndHosts,
    coalesce: { ms: 400, key: room, merge: (a, b) => (b.total >= a.total ? b : a) },
    rideAlong: rideAlong<'comments:changed', 'likes:changed'>('comments:changed', (batch, p) => ({ ...batch, likes: Math.max(batch.likes ?? 0, p.total) })),
  },
  // The desk's 想要 figures, merged by item, ≤ 2/s per room.
  'want:changed': {
    to: (p) => [rooms.hosts(p.liveId)],
    coalesce: {
      ms: 500,
      key: room,
      merge: (a, b) => ({ liveId: b.liveId, items: [...new Map([...a.items, ...b.items].map((i) => [i.roomGoodsId, i])).values()] }),
    },
  },
};
