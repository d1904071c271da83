import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@/server/errors';
import { AuthThrottle, SIGN_IN_LIMITS, SIGN_UP_LIMITS } from './throttle';

async function refusedWith(call: Promise<unknown>): Promise<AppError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('sign-in throttle (in process)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('locks a name at its 5th failure in a row, for longer each time, and the right password waits too', async () => {
    const throttle = new AuthThrottle(undefined);
    for (let i = 1; i < SIGN_IN_LIMITS.accountFailures; i++) expect(await throttle.signInFailed('Someone', '10.0.0.1')).toBeUndefined();
    const lock = await throttle.signInFailed('someone', '10.0.0.2');
    expect(lock).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 60, httpStatus: 429 });
    // Locked whatever comes next, from any address, before a password is looked at.
    expect((await refusedWith(throttle.beforeSignIn('SOMEONE', '10.0.0.3'))).retryAfterSeconds).toBe(60);
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await refusedWith(throttle.beforeSignIn('someone', '10.0.0.3'))).retryAfterSeconds).toBe(30);
    await vi.advanceTimersByTimeAsync(31_000);
    await expect(throttle.beforeSignIn('someone', '10.0.0.3')).resolves.toBeUndefined();
    // The second lock of the day lasts five minutes.
    for (let i = 1; i < SIGN_IN_LIMITS.accountFailures; i++) await throttle.signInFailed('someone', `10.0.1.${i}`);
    expect((await throttle.signInFailed('someone', '10.0.1.9'))?.retryAfterSeconds).toBe(300);
  });

  it('starts the run again after the right password', async () => {
    const throttle = new AuthThrottle(undefined);
    for (let i = 1; i < SIGN_IN_LIMITS.accountFailures; i++) await throttle.signInFailed('alice', '10.0.0.1');
    await throttle.signInSucceeded('alice');
    for (let i = 1; i < SIGN_IN_LIMITS.accountFailures; i++) expect(await throttle.signInFailed('alice', '10.0.0.1')).toBeUndefined();
  });

  it('locks an address after many failures over any names', async () => {
    const throttle = new AuthThrottle(undefined);
    let lock: AppError | undefined;
    for (let i = 0; i < SIGN_IN_LIMITS.ipFailures; i++) lock = await throttle.signInFailed(`name${i}`, '10.9.9.9');
    expect(lock?.retryAfterSeconds).toBe(SIGN_IN_LIMITS.ipLockSeconds);
    await expect(throttle.beforeSignIn('fresh-name', '10.9.9.9')).rejects.toMatchObject({ reason: 'TOO_MANY_ATTEMPTS' });
    await expect(throttle.beforeSignIn('fresh-name', '10.9.9.8')).resolves.toBeUndefined();
  });

  it('limits sign-ups per address', async () => {
    const throttle = new AuthThrottle(undefined);
    for (let i = 0; i < SIGN_UP_LIMITS.perIp; i++) await throttle.signUpAttempt('10.1.1.1');
    const refused = await refusedWith(throttle.signUpAttempt('10.1.1.1'));
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'TOO_MANY_ATTEMPTS' });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    await expect(throttle.signUpAttempt('10.1.1.2')).resolves.toBeUndefined();
  });
});
