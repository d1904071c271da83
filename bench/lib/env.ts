// Fresh PostgreSQL databases and Redis prefixes for benchmark runs, dropped afterwards.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createContainer, type Container } from '../../server/container';
import { openDatabase } from '../../server/db/adapter';
import { applyMigrations } from '../../server/db/schema-engine';
import { parseEnv } from '../../server/env';
import { createLogger } from '../../server/logger';
import { withDatabase } from '../../server/testing/services';

export const DATABASE_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export async function freshDatabase(tag: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `livecart_bench_${tag}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(DATABASE_URL, name);
  const handle = await openDatabase({ kind: 'postgres', url });
  await applyMigrations(handle.factory);
  await handle.close();
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function benchContainer(databaseUrl: string): Promise<Container> {
  const env = parseEnv({ NODE_ENV: 'production', DATABASE_URL: databaseUrl, REDIS_URL, SESSION_SECRET: 'b'.repeat(32), LOG_LEVEL: 'silent', REDIS_KEY_PREFIX: `lc:bench:${randomUUID().slice(0, 8)}:` });
  return createContainer(env, createLogger('silent'), { migrate: false });
}
