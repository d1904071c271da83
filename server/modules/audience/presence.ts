// Who is in a room now, across every app instance: one entry per connection (a socket in the
// viewer room), counted once per visitor, each with the time it was last seen. Each instance
// touches its own connections every few seconds; a connection not seen for a while belonged to
// an instance that died, and any instance sweeps it out (and closes its visit).
// On Redis when REDIS_URL is set (presence-redis.ts, keys hash-tagged per room so each script
// stays on one slot of a Redis Cluster); in this process otherwise (presence-memory.ts).

export interface PresenceConn {
  connId: string;
  /** The viewer: `u<user id>` when signed in, else the visitor cookie, else the connection. */
  visitor: string;
  /** The visit row this connection writes its watch time to ('' when none was written). */
  visitId: string;
}

export interface PresenceLeft {
  connId: string;
  visitor: string;
  visitId: string;
  lastSeenMs: number;
}

export interface Presence {
  kind: 'redis' | 'memory';
  /**
   * Connections enter, or are seen again (idempotent: an entry already present is only touched).
   * Returns the room's viewers online and its peak afterwards.
   */
  touch(liveId: number, conns: PresenceConn[], nowMs: number): Promise<{ online: number; peak: number }>;
  /** Connections leave; returns those that were present. */
  leave(liveId: number, connIds: string[]): Promise<PresenceLeft[]>;
  /** Connections last seen before `cutoffMs` leave; returns them. */
  sweep(liveId: number, cutoffMs: number): Promise<PresenceLeft[]>;
  online(liveId: number): Promise<number>;
  peak(liveId: number): Promise<number>;
  /** Rooms with viewers now or lately (each touch marks its room), to sweep and sample. */
  rooms(): Promise<number[]>;
  /** Drops a room from `rooms()` if nobody is in it and it was last touched before `cutoffMs`. */
  forgetIdle(liveId: number, cutoffMs: number): Promise<void>;
}

export const presenceKeys = (liveId: number) => {
  const tag = `{aud:${liveId}}`;
  return { seen: `${tag}:seen`, conns: `${tag}:conns`, visitors: `${tag}:visitors`, peak: `${tag}:peak` };
};
/** The index of rooms with presence (its own slot: never touched in the same script as a room's keys). */
export const PRESENCE_ROOMS_KEY = 'aud:rooms';
