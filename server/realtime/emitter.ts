// What domain code calls to push events. It never sees the socket.io server: index.ts attaches
// one at start; without one (scripts, tests) events go to listeners added with `onEmit`.
import type { ServerToClientEvents } from './events';

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

export class Realtime {
  private sink: Sink | undefined;
  private readonly listeners = new Set<(e: Emitted) => void>();

  attach(sink: Sink) {
    this.sink = sink;
  }

  toRoom<E extends EventName>(room: string, event: E, payload: EventPayload<E>) {
    this.sink?.emit(room, event, payload);
    for (const l of this.listeners) l({ room, event, payload });
  }

  /** Observe emitted events (tests, metrics). Returns the function that stops observing. */
  onEmit(listener: (e: Emitted) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
