// Presence in this process (no REDIS_URL): the same rules as the Lua scripts, one process only.
import type { Presence, PresenceConn, PresenceLeft } from './presence';

interface Room {
  conns: Map<string, { visitor: string; visitId: string; seen: number }>;
  visitors: Map<string, number>;
  peak: number;
  touched: number;
}

export function createMemoryPresence(): Presence {
  const rooms = new Map<number, Room>();
  const room = (liveId: number) => {
    let r = rooms.get(liveId);
    if (!r) rooms.set(liveId, (r = { conns: new Map(), visitors: new Map(), peak: 0, touched: 0 }));
    return r;
  };
  const remove = (r: Room, connIds: string[]): PresenceLeft[] => {
    const out: PresenceLeft[] = [];
    for (const connId of connIds) {
      const c = r.conns.get(connId);
      if (!c) continue;
      r.conns.delete(connId);
      const left = (r.visitors.get(c.visitor) ?? 1) - 1;
      if (left <= 0) r.visitors.delete(c.visitor);
      else r.visitors.set(c.visitor, left);
      out.push({ connId, visitor: c.visitor, visitId: c.visitId, lastSeenMs: c.seen });
    }
    return out;
  };
  return {
    kind: 'memory',
    async touch(liveId, conns: PresenceConn[], nowMs) {
      const r = room(liveId);
      for (const c of conns) {
        const present = r.conns.get(c.connId);
        if (present) present.seen = nowMs;
        else {
          r.conns.set(c.connId, { visitor: c.visitor, visitId: c.visitId, seen: nowMs });
          r.visitors.set(c.visitor, (r.visitors.get(c.visitor) ?? 0) + 1);
        }
      }
      r.peak = Math.max(r.peak, r.visitors.size);
      r.touched = nowMs;
      return { online: r.visitors.size, peak: r.peak };
    },
    async leave(liveId, connIds) {
      const r = rooms.get(liveId);
      return r ? remove(r, connIds) : [];
    },
    async sweep(liveId, cutoffMs) {
      const r = rooms.get(liveId);
      return r ? remove(r, [...r.conns].filter(([, c]) => c.seen < cutoffMs).map(([id]) => id)) : [];
    },
    async online(liveId) {
      return rooms.get(liveId)?.visitors.size ?? 0;
    },
    async peak(liveId) {
      return rooms.get(liveId)?.peak ?? 0;
    },
    async rooms() {
      return [...rooms].filter(([, r]) => r.touched > 0).map(([id]) => id);
    },
    async forgetIdle(liveId, cutoffMs) {
      const r = rooms.get(liveId);
      // The peak stays with the room: only its place among the rooms to sweep goes.
      if (r && r.visitors.size === 0 && r.touched < cutoffMs) r.touched = 0;
    },
  };
}
