// What domain code calls to push events: `publish(event, payload)`. Who receives an event and
// how its bursts are coalesced is decided in routes.ts, not by the caller. It never sees the
// socket.io server: index.ts attaches one at start; without one (scripts, tests) events go
// only to listeners added with `onEmit`.
//
// Across instances: an event pushed at once goes to every instance's sockets through the
// socket.io Redis adapter. A coalesced event is first told to every instance (pub/sub); each
// instance coalesces what all of them publish and sends the result to its own sockets only. So a
// socket gets at most one push per interval however many instances take the room's traffic —
// coalescing per instance and broadcasting through the adapter would multiply a busy room's
// pushes by the number of instances.
import { randomUUID } from 'node:crypto';
import type { PubSub } from '@/server/redis/kv';
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
  /** `local`: this instance's sockets only (the coalesced pushes each instance makes itself). */
  emit(room: string, event: EventName, payload: unknown, local: boolean): void;
}

type Coalescer = ReturnType<typeof coalesce<unknown>>;
/** immediate: from a process without sockets (the worker), to be sent by each instance to its own. */
type Shared = { from: string; event: EventName; payload: unknown; immediate?: boolean };

const SHARED_CHANNEL = 'realtime:coalesced';

export class Realtime {
  private sink: Sink | undefined;
  private readonly listeners = new Set<(e: Emitted) => void>();
  // One per coalesced event, made on its first publish; held here so close() can flush them.
  private readonly coalescers = new Map<EventName, Coalescer>();
  private closed = false;
  private noSockets = false;
  private readonly id = randomUUID();
  private unsubscribe: (() => Promise<void>) | undefined;
  private listening: Promise<void> | undefined;

  /** `bus`: the instances' pub/sub (Redis, or in process), for the coalesced events. */
  constructor(private readonly bus?: PubSub) {}

  /**
   * Hears the coalesced events of the other instances. Not awaited at start (a Redis that hangs
   * must not stop the process): until it is subscribed, coalesced pushes go through the adapter.
   */
  listen(): Promise<void> {
    if (!this.bus) return Promise.resolve();
    this.listening ??= this.bus
      .subscribe(SHARED_CHANNEL, (message) => {
        const shared = message as Shared;
        if (shared.from === this.id || this.closed || !routes[shared.event]) return;
        if (shared.immediate) this.deliver(shared.event, shared.payload as never, true);
        else this.take(shared.event, shared.payload as never);
      })
      .then((unsubscribe) => {
        if (this.closed) void unsubscribe().catch(() => undefined);
        else this.unsubscribe = unsubscribe;
      });
    return this.listening;
  }

  attach(sink: Sink) {
    this.sink = sink;
  }

  /**
   * For a process that has no sockets (the worker): every event it publishes goes over the bus,
   * and each instance sends it to its own sockets — coalesced ones through its coalescers.
   */
  withoutSockets() {
    this.noSockets = true;
  }

  /** Pushes an event to the rooms its route names, coalesced as the route says. */
  publish<E extends EventName>(event: E, payload: EventPayload<E>) {
    const route = routes[event] as Route<E>;
    if (this.noSockets && this.bus) {
      void this.bus.publish(SHARED_CHANNEL, { from: this.id, event, payload, immediate: !route.coalesce } satisfies Shared).catch(() => undefined);
      for (const room of route.to(payload)) for (const l of this.listeners) l({ room, event, payload });
      return;
    }
    if (!route.coalesce || this.closed) {
      this.deliver(event, payload, false);
      return;
    }
    this.take(event, payload);
    // Redis away: this instance's sockets still get it (the adapter is local-only meanwhile too).
    if (this.unsubscribe) void this.bus!.publish(SHARED_CHANNEL, { from: this.id, event, payload } satisfies Shared).catch(() => undefined);
  }

  /** A coalesced event, from this instance or another: into its coalescer (or riding in another's). */
  private take<E extends EventName>(event: E, payload: EventPayload<E>) {
    const route = routes[event] as Route<E>;
    const { ms, merge, key: keyOf } = route.coalesce!;
    const key = keyOf(payload);
    const ride = route.rideAlong;
    const carrier = ride && this.coalescers.get(ride.event);
    if (ride && carrier?.isWaiting(key)) {
      carrier.amend(key, (pending) => ride.fold(pending, payload));
      return;
    }
    let coalescer = this.coalescers.get(event);
    if (!coalescer) {
      // Not hearing the other instances (no bus): the push goes to every instance's sockets itself.
      coalescer = coalesce<unknown>(ms, (_key, value) => this.deliver(event, value as EventPayload<E>, this.unsubscribe !== undefined), merge as ((a: unknown, b: unknown) => unknown) | undefined);
      this.coalescers.set(event, coalescer);
    }
    coalescer.push(key, payload);
  }

  private deliver<E extends EventName>(event: E, payload: EventPayload<E>, local: boolean) {
    for (const room of (routes[event] as Route<E>).to(payload)) this.send(room, event, payload, local);
  }

  private send(room: string, event: EventName, payload: unknown, local: boolean) {
    this.sink?.emit(room, event, payload, local);
    for (const l of this.listeners) l({ room, event, payload });
  }

  /** One room, now, to every instance's sockets, bypassing the routes: for tests of the socket layer. */
  toRoom<E extends EventName>(room: string, event: E, payload: EventPayload<E>) {
    this.send(room, event, payload, false);
  }

  /** Sends what waits in the coalescers now (tests; shutdown). */
  flush() {
    for (const c of this.coalescers.values()) c.flushAll();
  }

  /** Flushes, stops hearing other instances, and from now on pushes at once (no timers left behind). */
  close(): Promise<void> {
    this.flush();
    this.closed = true;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    return unsubscribe ? unsubscribe().catch(() => undefined) : Promise.resolve();
  }

  /** Observe emitted events (tests, metrics). Returns the function that stops observing. */
  onEmit(listener: (e: Emitted) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
