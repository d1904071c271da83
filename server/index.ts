// The one process: Next.js (App Router), the tRPC HTTP handler and socket.io on one http.Server.
import { createServer } from 'node:http';
import next from 'next';
import { seed } from '@/prisma/seed';
import { startBackgroundWork } from './background';
import { startTracing } from './tracing';
import { createContainer, type Container } from './container';
import { setContainer } from './container-ref';
import { EnvError, parseEnv } from './env';
import { createLogger } from './logger';
import { isDemoMode } from './modules/auth/auth.service';
import { authRuntime } from './modules/auth/runtime';
import { audienceRuntime } from './modules/audience/runtime';
import { audienceRoomHook, giveVisitorCookies } from './modules/audience/socket-hooks';
import { endSocketsWithSessions } from './modules/auth/socket-sessions';
import { socketRoomFor } from './modules/live/live.service';
import { interactionRoomHook } from './modules/interaction/socket-hook';
import { createSocketServer, roomHooks } from './realtime/socket-server';
import { createRequestHandler } from './http';
import { createShutdown } from './shutdown';

// Next collects telemetry over the network by default; this machine has none to spare.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

async function main() {
  const env = parseEnv();
  const log = createLogger(env.LOG_LEVEL);
  // Spans over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; trace ids are read either way.
  const stopTracing = startTracing('livecart');
  const dev = env.NODE_ENV === 'development';

  const container = await createContainer(env, log);
  setContainer(container);
  // Sessions are read from their store (and its revocations heard) from the first request on.
  const auth = authRuntime(container);
  await seedIfNeeded(container);
  describeMode(container);
  // Relay, timers, sweeps: here, or in `npm run worker` (BACKGROUND_WORK=worker).
  const background = container.env.BACKGROUND_WORK === 'here' ? await startBackgroundWork(container, { worker: false }) : undefined;
  if (!background) log.info('background work (order events, timers, sweeps) is left to `npm run worker`');

  const nextApp = next({ dev, hostname: env.HOST, port: env.PORT });
  const handleNext = nextApp.getRequestHandler();
  await nextApp.prepare();

  const server = createServer(createRequestHandler(container, (req, res) => void handleNext(req, res)));
  // Viewers in each room, across instances: entries, watch time, the curve (server/modules/audience/).
  const audience = audienceRuntime(container);

  const io = createSocketServer(server, {
    sessionPassword: container.sessionPassword,
    redis: container.redis,
    log,
    realtime: container.realtime,
    access: (user, target) => socketRoomFor(container.db, user, target),
    appOrigins: env.APP_ORIGINS,
    // The audience counts viewers in; the room's comments say who came ("X 来了").
    onRoom: roomHooks(audienceRoomHook(audience), interactionRoomHook(container)),
  });
  giveVisitorCookies(io, env);
  audience.start();

  // A socket lives as long as its session: closed within seconds of a sign-out anywhere.
  const stopSocketSessions = endSocketsWithSessions(io, container);

  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  log.info({ port: env.PORT }, `Livecart ready on http://localhost:${env.PORT} (${dev ? 'development' : 'production'})`);

  const shutdown = createShutdown({
    server,
    log,
    closers: [
      () => background?.stop() ?? Promise.resolve(),
      () => (stopSocketSessions(), io.close()),
      // This instance's viewers leave (their visits end now); they reconnect to another instance.
      () => audience.stop({ leave: true }),
      () => nextApp.close?.() ?? Promise.resolve(),
      () => auth.sessions.close(),
      () => container.close(),
      () => stopTracing(),
    ],
  });
  const stop = (signal: string) => void shutdown(signal).then((clean) => process.exit(clean ? 0 : 1));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function seedIfNeeded(container: Container) {
  const { env, log, db } = container;
  const embedded = container.database.target.kind === 'pglite';
  if (env.SEED_ON_START === 'never' || (env.SEED_ON_START === 'auto' && !embedded)) return;
  if (env.SEED_ON_START === 'auto' && (await db.user.count()) > 0) return;
  const { created } = await seed(db);
  if (created) log.info(isDemoMode(container) ? 'seeded the demo data (sign in with the accounts shown on /login)' : 'seeded the demo data (DEMO_MODE is off: /login lists no accounts; see README "Accounts")');
}

function describeMode(container: Container) {
  const { log, database, kv } = container;
  const target = database.target;
  log.info(
    target.kind === 'postgres'
      ? 'database: PostgreSQL (DATABASE_URL)'
      : `database: embedded PGlite at ${target.dataDir} (set DATABASE_URL for PostgreSQL)`,
  );
  log.info(
    kv.kind === 'redis'
      ? container.env.REDIS_CLUSTER_NODES
        ? 'cache, stock gate, pub/sub: Redis Cluster (REDIS_CLUSTER_NODES); socket.io uses the sharded Redis adapter'
        : 'cache, stock gate, pub/sub: Redis (REDIS_URL); socket.io uses the Redis adapter'
      : 'cache, stock gate, pub/sub: in-process (no REDIS_URL) — ONE PROCESS ONLY: do not run a second instance',
  );
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    console.error('Livecart failed to start:', error);
  }
  process.exit(1);
});
