// 点赞: taps arrive batched by the client (≤ 50 per call); here they are summed per room in
// process and counted every 400 ms — one INCRBY per room and interval on Redis (hash-tagged
// key, seeded from the database if it is missing), or in this process without Redis — and the
// new total is published (routes.ts keeps it to one push per 400 ms per room). The total is
// written to live_session.like_count every few seconds, never lowered. A tap never waits for
// Redis: while it is away taps wait in process and are counted when it is back.
import type { RedisClient } from '@/server/redis/redis-kv';
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import type { Realtime } from '@/server/realtime/emitter';

const COUNT_EVERY_MS = 400;
const PERSIST_EVERY_MS = 5000;
const KEY_TTL_SECONDS = 3 * 24 * 3600;
export const likesKey = (liveId: number) => `{live:${liveId}}:likes`;

// Seeds a missing counter with the database's figure, then adds: one step, so two instances
// cannot both seed it.
const ADD_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[2]) end
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return total`;

interface LikesCommands {
  livecartLikesAdd(key: string, delta: number, base: number, ttl: number): Promise<number>;
}

export class Likes {
  private readonly pending = new Map<number, number>();
  /** The last total seen per room (without Redis: the count itself). */
  private readonly totals = new Map<number, number>();
  /** like_count as read from the database on a room's first tap here. */
  private readonly bases = new Map<number, number>();
  private readonly dirty = new Set<number>();
  private countTimer: NodeJS.Timeout | undefined;
  private persistTimer: NodeJS.Timeout | undefined;
  private counting: Promise<void> | undefined;
  private lastWarning = 0;

  constructor(private readonly deps: { db: Db; redis?: RedisClient; realtime: Realtime; log: Logger }) {
    const { redis } = deps;
    if (redis && !(redis as unknown as Partial<LikesCommands>).livecartLikesAdd) redis.defineCommand('livecartLikesAdd', { numberOfKeys: 1, lua: ADD_LUA });
  }

  /** Taps of one viewer's batch. Counted within COUNT_EVERY_MS. */
  add(liveId: number, count: number) {
    this.pending.set(liveId, (this.pending.get(liveId) ?? 0) + count);
    this.schedule();
  }

  private schedule() {
    this.countTimer ??= setTimeout(() => {
      this.countTimer = undefined;
      this.counting = this.countPending();
    }, COUNT_EVERY_MS);
  }

  /** The room's running total (what a joining viewer is shown). */
  async total(liveId: number): Promise<number> {
    const { redis, db } = this.deps;
    let counted: number | undefined;
    if (redis) {
      const raw = await redis.get(likesKey(liveId)).catch(() => null);
      if (raw !== null) counted = Number(raw);
    } else {
      counted = this.totals.get(liveId);
    }
    if (counted !== undefined) return Math.max(counted, this.totals.get(liveId) ?? 0);
    const row = await db.liveSession.findUnique({ where: { id: liveId }, select: { likeCount: true } });
    return Math.max(row?.likeCount ?? 0, this.totals.get(liveId) ?? 0);
  }

  private async countPending() {
    const batch = [...this.pending];
    this.pending.clear();
    for (const [liveId, delta] of batch) {
      try {
        const total = await this.count(liveId, delta);
        this.totals.set(liveId, Math.max(total, this.totals.get(liveId) ?? 0));
        this.dirty.add(liveId);
        this.deps.realtime.publish('likes:changed', { liveId, total });
      } catch (error) {
        // Counted next time: taps are not lost while Redis is away.
        this.pending.set(liveId, (this.pending.get(liveId) ?? 0) + delta);
        if (Date.now() - this.lastWarning > 5000) this.deps.log.warn({ err: error, liveId }, 'likes could not be counted; retrying');
        this.lastWarning = Date.now();
      }
    }
    if (this.pending.size) this.schedule();
    this.persistTimer ??= setTimeout(() => {
      this.persistTimer = undefined;
      void this.persist().catch((error: unknown) => this.deps.log.warn({ err: error }, 'like counts could not be written; retrying'));
    }, PERSIST_EVERY_MS);
  }

  private async count(liveId: number, delta: number): Promise<number> {
    const { redis, db } = this.deps;
    let base = this.bases.get(liveId);
    if (base === undefined) {
      const row = await db.liveSession.findUnique({ where: { id: liveId }, select: { likeCount: true } });
      base = row?.likeCount ?? 0;
      this.bases.set(liveId, base);
    }
    // A counter lost with Redis starts again from what was written or seen, never from less.
    const floor = Math.max(base, this.totals.get(liveId) ?? 0);
    if (redis) return (redis as unknown as LikesCommands).livecartLikesAdd(likesKey(liveId), delta, floor, KEY_TTL_SECONDS);
    return floor + delta;
  }

  /** Writes the totals counted since the last write; like_count only grows. */
  async persist() {
    const rooms = [...this.dirty];
    this.dirty.clear();
    for (const liveId of rooms) {
      const total = this.totals.get(liveId) ?? 0;
      try {
        await this.deps.db.$executeRaw`UPDATE live_session SET like_count = GREATEST(like_count, ${total}) WHERE id = ${liveId}`;
        this.bases.set(liveId, Math.max(this.bases.get(liveId) ?? 0, total));
      } catch (error) {
        this.dirty.add(liveId);
        throw error;
      }
    }
  }

  /** Counts and writes what waits (tests; shutdown). */
  async flush() {
    clearTimeout(this.countTimer);
    this.countTimer = undefined;
    await this.counting;
    await this.countPending();
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    await this.persist();
  }

  async close() {
    await this.flush().catch((error: unknown) => this.deps.log.warn({ err: error }, 'likes not written at shutdown'));
    clearTimeout(this.countTimer);
    clearTimeout(this.persistTimer);
    this.countTimer = this.persistTimer = undefined;
  }
}
