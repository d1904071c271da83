// `npm run worker`: the background work (server/background.ts) in a process of its own, beside
// web processes started with BACKGROUND_WORK=worker, so they only serve requests. It shares their
// PostgreSQL and Redis: the outbox wake-ups and its pushes (through the web processes' sockets)
// travel over Redis pub/sub, so the embedded default (one process, in-process services) has none.
import { startBackgroundWork } from './background';
import { createContainer } from './container';
import { EnvError, parseEnv } from './env';
import { createLogger } from './logger';
import { startTracing } from './tracing';

async function main() {
  const env = parseEnv();
  const log = createLogger(env.LOG_LEVEL).child({ process: 'worker' });
  if (!env.DATABASE_URL || !(env.REDIS_URL || env.REDIS_CLUSTER_NODES)) {
    console.error('npm run worker needs DATABASE_URL and REDIS_URL (or REDIS_CLUSTER_NODES): the embedded default runs its background work in its one process.');
    process.exit(1);
  }
  const stopTracing = startTracing('livecart-worker');
  const container = await createContainer(env, log);
  // No sockets here: every push goes over pub/sub, and the web processes send it to theirs.
  container.realtime.withoutSockets();
  const work = await startBackgroundWork(container, { worker: true });
  log.info('Livecart worker ready');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker stopping');
    void work
      .stop()
      .then(() => container.close())
      .then(() => stopTracing())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'worker stop failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
