import type { Env } from '../env';
import type { DatabaseTarget } from './adapter';
import path from 'node:path';

export function databaseTarget(env: Env): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  // DATA_DIR=memory:// keeps the embedded database in memory (tests).
  if (env.DATA_DIR.startsWith('memory://')) return { kind: 'pglite', dataDir: 'memory://' };
  return { kind: 'pglite', dataDir: path.join(env.DATA_DIR, 'pglite') };
}
