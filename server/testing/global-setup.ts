// Vitest global setup for the integration project: checks the services, creates a fresh
// PostgreSQL database with every migration applied, and drops it (and the run's Redis keys) after.
import pg from 'pg';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '@/server/db/adapter';
import { applyMigrations } from '@/server/db/schema-engine';
import { createPrisma } from '@/server/db/client';
import { seed } from '@/prisma/seed';
import { assertReachable, testServiceUrls, withDatabase } from './services';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    redisPrefix: string;
  }
}

const HINT =
  'Integration tests need PostgreSQL and Redis. Start them (see README: "Run on PostgreSQL + Redis") or set DATABASE_URL / REDIS_URL.';

export default async function setup(project: TestProject) {
  const { databaseUrl, redisUrl } = testServiceUrls();
  await assertReachable('PostgreSQL', databaseUrl, HINT);
  await assertReachable('Redis', redisUrl, HINT);

  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const dbName = `livecart_test_${runId}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const testUrl = withDatabase(databaseUrl, dbName);
  const handle = await openDatabase({ kind: 'postgres', url: testUrl });
  await applyMigrations(handle.factory);
  // Seeded once here: test files run in parallel and share this database.
  const db = createPrisma(handle);
  await seed(db);
  await db.$disconnect();
  await handle.close();

  const redisPrefix = `lc:test:${runId}:`;
  project.provide('databaseUrl', testUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('redisPrefix', redisPrefix);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  };
}
