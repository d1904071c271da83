// The project's migrate command, on Prisma's WebAssembly schema engine (works offline).
//   npm run db:migrate                    apply pending migrations (DATABASE_URL, or the embedded .data/)
//   npm run db:migrate -- create <name>   write prisma/migrations/<timestamp>_<name>/migration.sql
//                                         from schema.prisma vs. the history replayed in PGlite
import { parseEnv } from '../server/env';
import { databaseTarget } from '../server/db/target';
import { openDatabase } from '../server/db/adapter';
import { applyMigrations, createMigration, MigrationError } from '../server/db/schema-engine';

async function main() {
  const [command = 'deploy', name] = process.argv.slice(2);
  if (command === 'create') {
    if (!name) throw new MigrationError('Usage: npm run db:migrate -- create <snake_case_name>');
    // The history is replayed in an in-memory PGlite (the same Postgres), so no server is needed.
    const shadow = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      const created = await createMigration(shadow.factory, name);
      console.log(created ? `Created prisma/migrations/${created}/migration.sql` : 'No schema changes: nothing to create.');
    } finally {
      await shadow.close();
    }
    return;
  }
  if (command !== 'deploy') throw new MigrationError(`Unknown command "${command}". Use "deploy" or "create <name>".`);
  const target = databaseTarget(parseEnv());
  const handle = await openDatabase(target);
  try {
    const applied = await applyMigrations(handle.factory);
    const where = target.kind === 'postgres' ? 'PostgreSQL' : `embedded PGlite at ${target.dataDir}`;
    console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}` : `${where} is up to date.`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
