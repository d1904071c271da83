// Builds real containers for integration tests: PostgreSQL + Redis from the run's global
// setup, or the embedded default (PGlite in memory + in-process key-value services).
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { expect, inject } from 'vitest';
import { seed } from '@/prisma/seed';
import { createContainer, type Container } from '@/server/container';
import { parseEnv } from '@/server/env';
import { createLogger } from '@/server/logger';
import type { SessionUser } from '@/server/modules/auth/session';
import { createContextInner } from '@/server/trpc/context';
import { createCaller } from '@/server/trpc/root';

export type Backend = 'postgres+redis' | 'embedded';
export const BACKENDS: Backend[] = ['postgres+redis', 'embedded'];

export async function createTestContainer(backend: Backend, overrides: Record<string, string> = {}, options: { redisKeyPrefix?: string } = {}): Promise<Container> {
  const log = createLogger('silent');
  if (backend === 'embedded') {
    // PGlite in memory; migrations applied as at an embedded start.
    const env = parseEnv({ NODE_ENV: 'test', DATA_DIR: 'memory://', SESSION_SECRET: 'x'.repeat(32), ...overrides });
    return createContainer(env, log, { migrate: true });
  }
  const env = parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    SESSION_SECRET: 'x'.repeat(32),
    ...overrides,
  });
  return createContainer(env, log, { migrate: false, redisKeyPrefix: options.redisKeyPrefix ?? `${inject('redisPrefix')}${randomUUID().slice(0, 8)}:` });
}

/** A container with the demo data (PostgreSQL was seeded once by the global setup). */
export async function createSeededContainer(backend: Backend, overrides: Record<string, string> = {}): Promise<Container> {
  const container = await createTestContainer(backend, overrides);
  if (backend === 'embedded') await seed(container.db);
  return container;
}

export async function userByName(container: Container, username: string): Promise<SessionUser> {
  const user = await container.db.user.findUniqueOrThrow({
    where: { username },
    select: { id: true, role: true, displayName: true, shopId: true },
  });
  return { id: user.id, role: user.role, name: user.displayName, shopId: user.shopId };
}

export function callerFor(container: Container, user?: SessionUser, ip?: string) {
  return createCaller(createContextInner({ container, user, ip }));
}

/** Many viewers at once (they never sign in through the UI, so no real password). */
export async function createViewers(container: Container, count: number, tag: string): Promise<SessionUser[]> {
  const prefix = `v_${tag}_${randomUUID().slice(0, 6)}_`;
  await container.db.user.createMany({
    data: Array.from({ length: count }, (_, i) => ({ username: `${prefix}${i}`, displayName: `测试观众${i}`, role: 'VIEWER' as const, passwordHash: '!' })),
  });
  const rows = await container.db.user.findMany({ where: { username: { startsWith: prefix } }, select: { id: true, displayName: true }, orderBy: { id: 'asc' } });
  return rows.map((r) => ({ id: r.id, role: 'VIEWER' as const, name: r.displayName, shopId: null }));
}

export type Caller = ReturnType<typeof callerFor>;

/** A short unique tag for names and codes a test creates. */
export const newTag = () => randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();

/** The error a call is refused with; fails when the call goes through. */
export async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    return error as TRPCError;
  }
  throw new Error('expected the call to be refused');
}

/** A caller for each demo role: the two operators of shop 1, the host of shop 2, ops, a viewer, no session. */
export async function demoCallers(container: Container) {
  const as = async (username: string) => callerFor(container, await userByName(container, username));
  return {
    host1: await as('host1'),
    host1b: await as('host1b'),
    host2: await as('host2'),
    ops: await as('ops1'),
    viewer: await as('viewer1'),
    anonymous: callerFor(container),
  };
}
