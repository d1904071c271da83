// Funnel events are public writes: limited per visitor (the signed-in user, else the visitor
// cookie) and per IP, so one client cannot inflate a room's funnel. On Redis when set (every
// instance counts together), in process otherwise and while Redis is unreachable.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Container } from '@/server/container';
import { AppError } from '@/server/errors';

const WINDOW_SECONDS = 10;
export const TRACK_LIMITS = {
  /** A viewer opens the cart, clicks a card, views a detail: a few events a second at most. */
  visitorPer10s: 30,
  /** Many viewers may share one address (a carrier's NAT, an office). */
  ipPer10s: 600,
} as const;

interface Limiters {
  visitor: RateLimiterAbstract;
  ip: RateLimiterAbstract;
}

const byContainer = new WeakMap<Container, Limiters>();

function limitersOf(container: Container): Limiters {
  let limiters = byContainer.get(container);
  if (!limiters) {
    const { redis } = container;
    const make = (keyPrefix: string, points: number) =>
      redis
        ? new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: `rl:${keyPrefix}`,
            points,
            duration: WINDOW_SECONDS,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS }),
          })
        : new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS });
    limiters = { visitor: make('track-visitor', TRACK_LIMITS.visitorPer10s), ip: make('track-ip', TRACK_LIMITS.ipPer10s) };
    byContainer.set(container, limiters);
  }
  return limiters;
}

export interface Tracker {
  userId?: number;
  visitorId?: string;
  ip: string;
  /** The buyer's trail (W3C trace id), stored with the event. */
  traceId?: string;
}

/** Counts one event of this visitor and address; 429 RATE_LIMITED with Retry-After past a limit. */
export async function limitTracking(container: Container, who: Tracker): Promise<void> {
  const { visitor, ip } = limitersOf(container);
  const visitorKey = who.userId !== undefined ? `u:${who.userId}` : who.visitorId !== undefined ? `v:${who.visitorId}` : undefined;
  try {
    await Promise.all([visitorKey ? visitor.consume(visitorKey) : undefined, ip.consume(who.ip)]);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError('TOO_MANY_REQUESTS', `Too many events: try again in ${seconds} s`, 'RATE_LIMITED', { retryAfterSeconds: seconds });
    }
    throw error;
  }
}
