// "X 来了": a viewer opening the room is announced in its comment stream, but a busy room must
// not become a line per viewer. Arrivals are gathered per room into one line at most every
// 5 s ("小王 等 12 人来了"), the first of a quiet room at once; with Redis a short lease makes
// that one line per room across instances. A viewer is announced once per 10 minutes per room
// (reconnects and reloads are not arrivals).
import type { RedisClient } from '@/server/redis/redis-kv';
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import { coalesce } from '@/server/realtime/coalesce';
import type { Realtime } from '@/server/realtime/emitter';
import { arrivalsText, commentSelect, toCommentView } from './comment-view';

const EVERY_MS = 5000;
const ANNOUNCE_ONCE_PER_MS = 10 * 60_000;
const SEEN_MAX = 100_000;

interface Pending {
  liveId: number;
  names: string[];
  count: number;
}

export class Arrivals {
  private readonly seen = new Map<string, number>();
  private readonly lines: ReturnType<typeof coalesce<Pending>>;

  constructor(private readonly deps: { db: Db; redis?: RedisClient; realtime: Realtime; log: Logger }) {
    this.lines = coalesce<Pending>(
      EVERY_MS,
      (_key, pending) => void this.write(pending).catch((error: unknown) => deps.log.warn({ err: error, liveId: pending.liveId }, 'arrival line not written')),
      (a, b) => ({ liveId: b.liveId, names: [...a.names, ...b.names].slice(0, 3), count: a.count + b.count }),
    );
  }

  /** Someone opened the room: `who` tells viewers apart (account or visitor), `name` is shown. */
  arrived(liveId: number, who: string, name: string | null) {
    const key = `${liveId}:${who}`;
    const now = Date.now();
    const last = this.seen.get(key);
    if (last !== undefined && now - last < ANNOUNCE_ONCE_PER_MS) return;
    this.seen.delete(key);
    this.seen.set(key, now);
    // Oldest first in a Map: forget the oldest when it grows too big.
    if (this.seen.size > SEEN_MAX) for (const k of [...this.seen.keys()].slice(0, SEEN_MAX / 10)) this.seen.delete(k);
    this.lines.push(String(liveId), { liveId, names: name ? [name] : [], count: 1 });
  }

  private async write(pending: Pending) {
    const { db, redis, realtime } = this.deps;
    if (redis) {
      // A little shorter than the interval, so this instance's own next line is not refused by it.
      const lease = await redis.set(`{live:${pending.liveId}}:arrivals`, '1', 'PX', EVERY_MS - 500, 'NX').catch(() => 'OK');
      // Another instance wrote a line just now: these arrivals go into this instance's next one.
      if (lease !== 'OK') return this.lines.push(String(pending.liveId), pending);
    }
    const row = await db.liveComment.create({
      data: { liveId: pending.liveId, userId: null, userName: (pending.names[0] ?? '').slice(0, 40), kind: 'SYSTEM', text: arrivalsText(pending.count) },
      select: commentSelect,
    });
    realtime.publish('comments:changed', { liveId: pending.liveId, added: [toCommentView(row)], removed: [] });
  }

  /** Writes what waits now (tests). */
  flush() {
    this.lines.flushAll();
  }

  close() {
    this.lines.clear();
  }
}
