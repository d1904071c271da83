// The driver adapter: PostgreSQL through pg when DATABASE_URL is set, PGlite (real Postgres
// compiled to WebAssembly, in this process) otherwise.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export interface DatabaseHandle {
  target: DatabaseTarget;
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** The PGlite instance when embedded (tests and the seed use it for raw SQL). */
  pglite?: PGlite;
  /**
   * For the schema engine: one session for the whole run. Migrate takes a session-level
   * advisory lock; through a pool its unlock could go to another connection, leaving the lock
   * held by an idle connection and every other instance that starts meanwhile waiting on it.
   */
  openMigrationFactory(): Promise<{ factory: SqlMigrationAwareDriverAdapterFactory; close(): Promise<void> }>;
  close(): Promise<void>;
}

// Migration scripts must run as one simple-protocol query: PostgreSQL then runs all of its
// statements in one implicit transaction, so a failing migration changes nothing.
// (adapter-pg splits scripts on ";" and runs the parts one by one; pglite-prisma-adapter 0.7
// does not await `exec`, so its failures would look applied.)
function atomicScripts(adapter: SqlDriverAdapter, run: (script: string) => Promise<unknown>): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    await run(script);
  };
  return adapter;
}

class ServerFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';
  private readonly inner: PrismaPg;
  constructor(private readonly pool: pg.Pool) {
    this.inner = new PrismaPg(pool);
  }
  async connect() {
    return atomicScripts(await this.inner.connect(), (script) => this.pool.query(script));
  }
  connectToShadowDb() {
    return this.inner.connectToShadowDb();
  }
}

class EmbeddedFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = 'pglite';
  private readonly inner: PrismaPGlite;
  constructor(private readonly client: PGlite) {
    this.inner = new PrismaPGlite(client);
  }
  async connect() {
    return atomicScripts(await this.inner.connect(), (script) => this.client.exec(script));
  }
  async connectToShadowDb() {
    const shadow = new PGlite('memory://');
    return atomicScripts(await new PrismaPGlite(shadow).connect(), (script) => shadow.exec(script));
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    // Prisma keeps DateTime as UTC in timestamp columns; raw SQL compares them with now(), so
    // every session runs in UTC whatever the server's default time zone is.
    const options = { connectionString: target.url, options: '-c TimeZone=UTC' };
    const pool = new pg.Pool({ ...options, max: 20 });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    };
    const openMigrationFactory = async () => {
      const single = new pg.Pool({ ...options, max: 1 });
      return { factory: new ServerFactory(single), close: () => single.end() };
    };
    return { target, factory: new ServerFactory(pool), openMigrationFactory, close };
  }
  if (!target.dataDir.startsWith('memory://')) mkdirSync(path.resolve(target.dataDir), { recursive: true });
  const pglite = await PGlite.create(target.dataDir.startsWith('memory://') ? target.dataDir : path.resolve(target.dataDir));
  const factory = new EmbeddedFactory(pglite);
  // PGlite is one session already.
  const openMigrationFactory = async () => ({ factory, close: async () => {} });
  return { target, factory, pglite, openMigrationFactory, close: async () => { if (!pglite.closed) await pglite.close(); } };
}
