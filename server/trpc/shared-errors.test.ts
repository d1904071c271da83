// In production a refusal thrown as one shared AppError maps to one shared TRPCError (no Error,
// no stack capture per refused attempt); outside production each call gets its own.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppError } from '@/server/errors';

async function twoRefusals() {
  // init.ts reads NODE_ENV when loaded: a fresh copy of it (and of the AppError class it checks).
  vi.resetModules();
  const { AppError } = await import('@/server/errors');
  const { createCallerFactory, publicProcedure, router } = await import('./init');
  const SOLD_OUT = new AppError('CONFLICT', 'Sold out', 'SOLD_OUT');
  const app = router({
    shared: publicProcedure.mutation((): never => {
      throw SOLD_OUT;
    }),
    fresh: publicProcedure.mutation((): never => {
      throw new AppError('CONFLICT', 'Sold out', 'SOLD_OUT');
    }),
  });
  const caller = createCallerFactory(app)({} as never);
  const catchOf = (call: Promise<unknown>) => call.then(() => null, (error: unknown) => error);
  return { shared: [await catchOf(caller.shared()), await catchOf(caller.shared())], fresh: [await catchOf(caller.fresh()), await catchOf(caller.fresh())] };
}

describe('refusals as errors', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('are one object per shared refusal in production, with its reason', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { shared, fresh } = await twoRefusals();
    expect(shared[0]).toBe(shared[1]);
    expect((shared[0] as { code: string; cause: AppError }).code).toBe('CONFLICT');
    expect((shared[0] as { cause: AppError }).cause.reason).toBe('SOLD_OUT');
    expect(fresh[0]).not.toBe(fresh[1]);
  });

  it('are their own objects outside production, where the stack is sent', async () => {
    vi.stubEnv('NODE_ENV', 'test');
    const { shared } = await twoRefusals();
    expect(shared[0]).not.toBe(shared[1]);
  });
});
