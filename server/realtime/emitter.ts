// What domain code calls to push events: `publish(event, payload)`. Who receives an event and
// how its bursts are coalesced is decided in routes.ts, not by the caller. It never sees the
// socket.io server: index.ts attaches one at start; without one (scripts, tests) events go
// only to listeners added with `onEmit`.
import { coalesce } from './coalesce';
import type { ServerToClientEvents } from './events';
import { routes, type Route } from './routes';

export type EventName = keyof ServerToClientEvents;
export type EventPayload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

export interface Emitted {
  room: string;
  event: EventName;
  payload: unknown;
}

interface Sink {
  emit(room: string, event: EventName, payload: unknown): void;
}

type Coalescer = ReturnType<typeof coalesce<unknown>>;

export class Realtime {
  private sink: Sink | undefined;
  private readonly listeners = new Set<(e: Emitted) => void>();
  // One per coalesced event, made on its first publish; held here so close() can flush them.
  private readonly coalescers = new Map<EventName, Coalescer>();
  private closed = false;

  attach(sink: Sink) {
    this.sink = sink;
  }

  /** Pushes an event to the rooms its route names, coalesced as the route says. */
  publish<E extends EventName>(event: E, payload: EventPayload<E>) {
    const route = routes[event] as Route<E>;
    if (!route.coalesce || this.closed) {
      this.deliver(event, payload);
      return;
    }
    const key = route.coalesce.key(payload);
    const ride = route.rideAlong;
    const carrier = ride && this.coalescers.get(ride.event);
    if (ride && carrier?.isWaiting(key)) {
      carrier.amend(key, (pending) => ride.fold(pending, payload));
      return;
    }
    let coalescer = this.coalescers.get(event);
    if (!coalescer) {
      const { ms, merge } = route.coalesce;
      coalescer = coalesce<unknown>(ms, (_key, value) => this.deliver(event, value as EventPayload<E>), merge as ((a: unknown, b: unknown) => unknown) | undefined);
      this.coalescers.set(event, coalescer);
    }
    coalescer.push(key, payload);
  }

  private deliver<E extends EventName>(event: E, payload: EventPayload<E>) {
    for (const room of (routes[event] as Route<E>).to(payload)) this.toRoom(room, event, payload);
  }

  /** One room, now, bypassing the routes: for the routes themselves and for tests of the socket layer. */
  toRoom<E extends EventName>(room: string, event: E, payload: EventPayload<E>) {
    this.sink?.emit(room, event, payload);
    for (const l of this.listeners) l({ room, event, payload });
  }

  /** Sends what waits in the coalescers now (tests; shutdown). */
  flush() {
    for (const c of this.coalescers.values()) c.flushAll();
  }

  /** Flushes, and from now on pushes at once (no timers left behind). */
  close() {
    this.flush();
    this.closed = true;
  }

  /** Observe emitted events (tests, metrics). Returns the function that stops observing. */
  onEmit(listener: (e: Emitted) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
