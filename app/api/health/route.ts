import { getContainer } from '@/server/container-ref';

export const dynamic = 'force-dynamic';

type CheckState = 'ok' | 'down' | 'timeout';

/** Each check gets this long, so a probe has its answer within a second even when a part hangs. */
const CHECK_TIMEOUT_MS = 800;

/**
 * Liveness and readiness: the database and (when set) Redis answer. The body names each part's
 * state only; what went wrong goes to the server's log.
 */
export async function GET() {
  const { db, redis, database, log } = getContainer();
  const run = async (part: 'database' | 'redis', probe: () => Promise<unknown>): Promise<CheckState> => {
    const state = await within(CHECK_TIMEOUT_MS, probe());
    if (state !== 'ok') {
      if (state === 'timeout') log.warn({ check: part }, `health: ${part} did not answer within ${CHECK_TIMEOUT_MS} ms`);
      else log.warn({ check: part, err: state.error }, `health: ${part} is down`);
    }
    return state === 'ok' || state === 'timeout' ? state : 'down';
  };
  const [databaseState, redisState] = await Promise.all([
    run('database', () => db.$queryRaw`SELECT 1`),
    redis
      ? // While ioredis reconnects, a command waits out its retries; its status tells at once.
        run('redis', () => (redis.status === 'reconnecting' || redis.status === 'end' || redis.status === 'close' ? Promise.reject(new Error(`Redis connection is ${redis.status}`)) : redis.ping()))
      : undefined,
  ]);
  const checks: { database: CheckState; redis?: CheckState } = { database: databaseState };
  if (redisState) checks.redis = redisState;
  const healthy = Object.values(checks).every((v) => v === 'ok');
  return Response.json(
    { status: healthy ? 'ok' : 'degraded', database: database.target.kind, checks },
    { status: healthy ? 200 : 503, headers: { 'cache-control': 'no-store', ...(healthy ? {} : { 'retry-after': '2' }) } },
  );
}

async function within(ms: number, work: Promise<unknown>): Promise<'ok' | 'timeout' | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'ok' as const, (error: unknown) => ({ error })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
