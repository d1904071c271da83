// Migrations through the project's own command code, on PostgreSQL and on PGlite.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '@/server/testing/services';
import { openDatabase, type DatabaseHandle } from './adapter';
import { migrateToLatest } from './migrate';
import { applyMigrations, createMigration, MIGRATIONS_DIR, MigrationError } from './schema-engine';

const handles: DatabaseHandle[] = [];
const dropped: string[] = [];

async function freshPostgres(): Promise<DatabaseHandle> {
  const name = `livecart_mig_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  dropped.push(name);
  const handle = await openDatabase({ kind: 'postgres', url: withDatabase(inject('databaseUrl'), name) });
  handles.push(handle);
  return handle;
}

async function freshPglite(): Promise<DatabaseHandle> {
  const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  handles.push(handle);
  return handle;
}

afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  const admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  for (const name of dropped) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

async function tableExists(handle: DatabaseHandle, table: string): Promise<boolean> {
  const sql = `SELECT to_regclass('${table}')::text AS t`;
  if (handle.pglite) return (await handle.pglite.query<{ t: string | null }>(sql)).rows[0]!.t !== null;
  const client = new pg.Client({ connectionString: (handle.target as { url: string }).url });
  await client.connect();
  const { rows } = await client.query<{ t: string | null }>(sql);
  await client.end();
  return rows[0]!.t !== null;
}

const allMigrations = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('schema.prisma and prisma/migrations', () => {
  it('are in step: creating a migration now finds nothing to do', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'livecart-mig-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    expect(await createMigration((await freshPglite()).factory, 'should_be_empty', dir)).toBeNull();
  });
});

describe('PostgreSQL sessions', () => {
  it('run in UTC even when the server’s default time zone is not', async () => {
    const handle = await freshPostgres();
    const dbName = new URL((handle.target as { url: string }).url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    await admin.query(`ALTER DATABASE "${dbName}" SET timezone TO 'Asia/Shanghai'`);
    await admin.end();
    const adapter = await handle.factory.connect();
    const result = await adapter.queryRaw({ sql: 'SELECT current_setting($1) AS tz', args: ['TimeZone'], argTypes: [{ scalarType: 'string', arity: 'scalar' }] });
    expect(result.rows[0]![0]).toBe('UTC');
  });
});

describe('instances starting together', () => {
  it('leave no advisory lock behind after migrating, so the next instance is not kept waiting', async () => {
    const first = await freshPostgres();
    expect(await migrateToLatest(first)).toEqual(allMigrations);
    const url = (first.target as { url: string }).url;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()`);
    await admin.end();
    expect(Number(rows[0]!.n)).toBe(0);
    const second = await openDatabase({ kind: 'postgres', url });
    handles.push(second);
    expect(await migrateToLatest(second)).toEqual([]);
  });
});

describe.each([
  ['PostgreSQL', freshPostgres],
  ['PGlite', freshPglite],
] as const)('migrations on %s', (_name, fresh) => {
  it('apply every migration once, then nothing', async () => {
    const handle = await fresh();
    expect(await applyMigrations(handle.factory)).toEqual(allMigrations);
    expect(await applyMigrations(handle.factory)).toEqual([]);
    expect(await tableExists(handle, 'live_order_sync_fail_log')).toBe(true);
    expect(await tableExists(handle, 'live_goods_sales')).toBe(true);
  });

  it('leave nothing of a failing migration, say why, and apply it once fixed', async () => {
    const handle = await fresh();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'livecart-mig-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const broken = path.join(dir, '29990101000000_broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE half_done (id int);\nALTER TABLE no_such_table ADD COLUMN x int;\n');

    const failure = await applyMigrations(handle.factory, dir).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(/"29990101000000_broken" failed and was rolled back/);
    expect((failure as Error).message).toMatch(/no_such_table/);
    expect(await tableExists(handle, 'half_done')).toBe(false);

    writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE half_done (id int);\n');
    expect(await applyMigrations(handle.factory, dir)).toEqual(['29990101000000_broken']);
    expect(await tableExists(handle, 'half_done')).toBe(true);
  });
});
