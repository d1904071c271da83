import { getContainer } from '@/server/container-ref';

export const dynamic = 'force-dynamic';

/** Liveness and readiness: the database and (when set) Redis answer. */
export async function GET() {
  const { db, redis, database } = getContainer();
  const checks: Record<string, 'ok' | string> = {};
  try {
    await db.$queryRaw`SELECT 1`;
    checks.database = 'ok';
  } catch (error) {
    checks.database = (error as Error).message;
  }
  if (redis) {
    try {
      await redis.ping();
      checks.redis = 'ok';
    } catch (error) {
      checks.redis = (error as Error).message;
    }
  }
  const healthy = Object.values(checks).every((v) => v === 'ok');
  return Response.json({ status: healthy ? 'ok' : 'degraded', database: database.target.kind, checks }, { status: healthy ? 200 : 503 });
}
