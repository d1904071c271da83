// Starts the built app for the browser tests on a fresh database: a new PostgreSQL database
// (and Redis key prefix) when DATABASE_URL is set, else a new embedded data dir. Cleans up after.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { withDatabase } from '../server/testing/services';

if (!existsSync('dist/server.mjs') || !existsSync('.next/BUILD_ID')) {
  console.error('No production build: run "npm run build" first (npm run test:e2e does).');
  process.exit(1);
}

const runId = `${Date.now().toString(36)}_${process.pid}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: process.env.E2E_PORT ?? '3210',
  HOST: '127.0.0.1',
  SESSION_SECRET: randomBytes(32).toString('hex'),
  SEED_ON_START: 'always',
  MIGRATE_ON_START: 'always',
  LOG_LEVEL: 'warn',
};

let cleanup = async () => {};
// E2E_BACKEND=embedded runs the same specs on PGlite and the in-process services.
const embedded = process.env.E2E_BACKEND === 'embedded';
if (embedded) {
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
}
if (!embedded && process.env.DATABASE_URL) {
  const dbName = `livecart_e2e_${runId}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  env.DATABASE_URL = withDatabase(process.env.DATABASE_URL, dbName);
  env.REDIS_KEY_PREFIX = `lc:e2e:${runId}:`;
  cleanup = async () => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.end();
  };
} else {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'livecart-e2e-'));
  env.DATA_DIR = dataDir;
  cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
}

const child = spawn(process.execPath, ['dist/server.mjs'], { env, stdio: 'inherit' });
const stop = (signal: NodeJS.Signals) => child.kill(signal);
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
child.on('exit', async (code) => {
  await cleanup().catch((error: unknown) => console.error('e2e cleanup failed:', error));
  process.exit(code ?? 0);
});
