// npm run db:seed — applies pending migrations, then seeds the demo data (idempotent).
import { createContainer } from '../server/container';
import { parseEnv } from '../server/env';
import { createLogger } from '../server/logger';
import { seed } from './seed';

const env = parseEnv();
const container = await createContainer(env, createLogger(env.LOG_LEVEL), { migrate: true });
try {
  const { created } = await seed(container.db);
  console.log(created ? 'Seeded the demo data.' : 'Demo data already present: nothing changed.');
} finally {
  await container.close();
}
