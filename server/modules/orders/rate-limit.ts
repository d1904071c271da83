// Rate limits of order creation, per user and per IP (rate-limiter-flexible): on Redis when
// set, so every instance counts together; in process otherwise, and in process while Redis is
// unreachable (the library's insurance limiter), so an outage never stops the sale. A user or IP
// past its limit is refused in process for the rest of its window (the library's in-memory
// block), so a flood of refused attempts costs no Redis round trip (not with
// ORDER_FAST_REFUSALS=off, which exists to measure that).
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Container } from '@/server/container';
import { AppError } from '@/server/errors';

interface Limiters {
  user: RateLimiterAbstract;
  ip: RateLimiterAbstract;
}

const byContainer = new WeakMap<Container, Limiters>();

function limitersOf(container: Container): Limiters {
  let limiters = byContainer.get(container);
  if (!limiters) {
    const { env, redis } = container;
    const block = env.ORDER_FAST_REFUSALS === 'on';
    const make = (keyPrefix: string, points: number) =>
      redis
        ? new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: `rl:${keyPrefix}`,
            points,
            duration: 10,
            rejectIfRedisNotReady: true,
            ...(block ? { inMemoryBlockOnConsumed: points + 1 } : {}),
            insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: 10 }),
          })
        : new RateLimiterMemory({ keyPrefix, points, duration: 10 });
    limiters = { user: make('order-user', env.ORDER_RATE_USER_PER_10S), ip: make('order-ip', env.ORDER_RATE_IP_PER_10S) };
    byContainer.set(container, limiters);
  }
  return limiters;
}

export async function limitOrderAttempts(container: Container, userId: number, ip: string): Promise<void> {
  const { user, ip: byIp } = limitersOf(container);
  try {
    await Promise.all([user.consume(String(userId)), byIp.consume(ip)]);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError('TOO_MANY_REQUESTS', `Too many order attempts: try again in ${seconds} s`, 'RATE_LIMITED', { retryAfterSeconds: seconds });
    }
    throw error;
  }
}
