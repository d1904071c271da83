// Guessing passwords and mass sign-ups, slowed down (rate-limiter-flexible). Counted on Redis
// when it is set, so every instance counts together; in process otherwise, and in process
// while Redis is unreachable (the library's insurance limiter).
//
// Sign-in: failures count per account name (whether or not such an account exists, so a lock
// tells nothing) and per IP. The ACCOUNT_FAILURES-th failure in a row locks the name, for
// longer each time it happens again within a day; an IP is locked after IP_FAILURES failures.
// While locked, every attempt is refused before the password is looked at — the right one too.
// Sign-up: attempts per IP.
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '@/server/redis/redis-kv';
import { AppError } from '@/server/errors';

export const SIGN_IN_LIMITS = {
  accountFailures: 5,
  accountWindowSeconds: 15 * 60,
  /** The first lock of a name lasts a minute; each further lock within a day lasts longer. */
  lockSeconds: [60, 5 * 60, 15 * 60, 60 * 60],
  ipFailures: 30,
  ipWindowSeconds: 15 * 60,
  ipLockSeconds: 15 * 60,
};

export const SIGN_UP_LIMITS = { perIp: 10, windowSeconds: 60 * 60 };

/** Invitation codes looked up per IP (codes are long, but nobody needs more than a few tries). */
export const INVITATION_LIMITS = { perIp: 30, windowSeconds: 15 * 60 };

function tooMany(seconds: number, what: string): AppError {
  const wait = Math.max(1, Math.ceil(seconds));
  return new AppError('TOO_MANY_REQUESTS', `Too many ${what}: try again in ${wait} s`, 'TOO_MANY_ATTEMPTS', { retryAfterSeconds: wait });
}

const accountKey = (username: string) => username.trim().toLowerCase();

export class AuthThrottle {
  private readonly accountFails: RateLimiterAbstract;
  private readonly accountLocks: RateLimiterAbstract;
  private readonly ipFails: RateLimiterAbstract;
  private readonly signUps: RateLimiterAbstract;
  private readonly invitations: RateLimiterAbstract;

  constructor(redis: RedisClient | undefined) {
    const make = (keyPrefix: string, points: number, duration: number) =>
      redis
        ? new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: `rl:${keyPrefix}`,
            points,
            duration,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
          })
        : new RateLimiterMemory({ keyPrefix, points, duration });
    this.accountFails = make('signin-account', SIGN_IN_LIMITS.accountFailures, SIGN_IN_LIMITS.accountWindowSeconds);
    this.accountLocks = make('signin-locks', 1000, 24 * 3600);
    this.ipFails = make('signin-ip', SIGN_IN_LIMITS.ipFailures, SIGN_IN_LIMITS.ipWindowSeconds);
    this.signUps = make('signup-ip', SIGN_UP_LIMITS.perIp, SIGN_UP_LIMITS.windowSeconds);
    this.invitations = make('invite-ip', INVITATION_LIMITS.perIp, INVITATION_LIMITS.windowSeconds);
  }

  /** Refuses (429) while the name or the IP is locked. */
  async beforeSignIn(username: string, ip: string): Promise<void> {
    const [account, byIp] = await Promise.all([this.accountFails.get(accountKey(username)), this.ipFails.get(ip)]);
    const waits = [
      account && account.consumedPoints > SIGN_IN_LIMITS.accountFailures ? account.msBeforeNext : 0,
      byIp && byIp.consumedPoints > SIGN_IN_LIMITS.ipFailures ? byIp.msBeforeNext : 0,
    ];
    const wait = Math.max(...waits);
    if (wait > 0) throw tooMany(wait / 1000, 'sign-in attempts');
  }

  /** Counts a failure; returns the 429 to answer instead when this failure locks the name or the IP. */
  async signInFailed(username: string, ip: string): Promise<AppError | undefined> {
    const key = accountKey(username);
    const [account, byIp] = await Promise.all([this.accountFails.penalty(key), this.ipFails.penalty(ip)]);
    let lock = 0;
    if (account.consumedPoints >= SIGN_IN_LIMITS.accountFailures) {
      const locks = await this.accountLocks.penalty(key);
      const steps = SIGN_IN_LIMITS.lockSeconds;
      lock = steps[Math.min(locks.consumedPoints, steps.length) - 1]!;
      await this.accountFails.block(key, lock);
    }
    if (byIp.consumedPoints >= SIGN_IN_LIMITS.ipFailures) {
      await this.ipFails.block(ip, SIGN_IN_LIMITS.ipLockSeconds);
      lock = Math.max(lock, SIGN_IN_LIMITS.ipLockSeconds);
    }
    return lock > 0 ? tooMany(lock, 'sign-in attempts') : undefined;
  }

  /** The right password: the name's run of failures starts again (its lock history stays for the day). */
  async signInSucceeded(username: string): Promise<void> {
    await this.accountFails.delete(accountKey(username));
  }

  /** Counts a sign-up attempt of the IP; refuses (429) beyond the limit. */
  async signUpAttempt(ip: string): Promise<void> {
    await this.consume(this.signUps, ip, 'sign-ups from this network');
  }

  /** Counts a look-up of an invitation code by the IP; refuses (429) beyond the limit. */
  async invitationAttempt(ip: string): Promise<void> {
    await this.consume(this.invitations, ip, 'invitation codes tried');
  }

  private async consume(limiter: RateLimiterAbstract, key: string, what: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (error) {
      if (error instanceof Error) throw error;
      throw tooMany((error as { msBeforeNext: number }).msBeforeNext / 1000, what);
    }
  }
}
