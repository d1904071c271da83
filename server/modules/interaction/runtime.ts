// The interaction domain's per-process state, built once in createContainer: the room rules
// cache, the like counter, the arrivals line and the rate limiters. Closed with the container.
import type { RedisClient } from '@/server/redis/redis-kv';
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import type { Realtime } from '@/server/realtime/emitter';
import type { KvServices } from '@/server/redis/kv';
import { Arrivals } from './arrivals';
import { InteractionLimits } from './interaction.rate-limit';
import { Likes } from './likes';
import { RoomRulesCache } from './room-rules';

export class Interaction {
  readonly rules: RoomRulesCache;
  readonly likes: Likes;
  readonly arrivals: Arrivals;
  readonly limits: InteractionLimits;

  constructor(deps: { db: Db; kv: KvServices; redis?: RedisClient; realtime: Realtime; log: Logger }) {
    this.rules = new RoomRulesCache(deps);
    this.likes = new Likes(deps);
    this.arrivals = new Arrivals(deps);
    this.limits = new InteractionLimits(deps.redis);
  }

  /** Likes are counted and written; the rest is dropped (before the database and Redis close). */
  async close() {
    this.arrivals.close();
    await this.likes.close();
    await this.rules.close();
  }
}
