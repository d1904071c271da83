// Comments and likes are public writes: limited per viewer (comments per account; likes per
// account, else visitor cookie, else address). On Redis when set, so every instance counts
// together; in process otherwise, and in process while Redis is unreachable (the library's
// insurance limiter). A refusal is 429 RATE_LIMITED with Retry-After.
import type { RedisClient } from '@/server/redis/redis-kv';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '@/server/errors';

export const INTERACTION_LIMITS = {
  /** A person types a line every few seconds at most; a script does not get further. */
  comments: { points: 5, seconds: 10 },
  /** The client sends taps in one call per 500 ms; a little room for a second tab. */
  likeCalls: { points: 30, seconds: 10 },
} as const;

export class InteractionLimits {
  private readonly comments: RateLimiterAbstract;
  private readonly likes: RateLimiterAbstract;

  constructor(redis: RedisClient | undefined) {
    const make = (keyPrefix: string, { points, seconds }: { points: number; seconds: number }) =>
      redis
        ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `rl:${keyPrefix}`, points, duration: seconds, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: seconds }) })
        : new RateLimiterMemory({ keyPrefix, points, duration: seconds });
    this.comments = make('comment-user', INTERACTION_LIMITS.comments);
    this.likes = make('like-viewer', INTERACTION_LIMITS.likeCalls);
  }

  comment(userId: number) {
    return consume(this.comments, `u:${userId}`, 'comments');
  }

  like(who: string) {
    return consume(this.likes, who, 'likes');
  }
}

async function consume(limiter: RateLimiterAbstract, key: string, what: string) {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError('TOO_MANY_REQUESTS', `Too many ${what}: try again in ${seconds} s`, 'RATE_LIMITED', { retryAfterSeconds: seconds });
    }
    throw error;
  }
}
