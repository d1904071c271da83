// Applies pending migrations to the configured database; used at start and by `npm run db:migrate`.
import type { DatabaseHandle } from './adapter';
import { applyMigrations } from './schema-engine';

export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migration = await handle.openMigrationFactory();
  try {
    return await applyMigrations(migration.factory);
  } finally {
    await migration.close();
  }
}
