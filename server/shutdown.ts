// Graceful stop: refuse new connections, let in-flight requests finish, then close the rest.
import type { Server } from 'node:http';
import type { Logger } from './logger';

export interface ShutdownParts {
  server: Server;
  log: Logger;
  /** Closed after the HTTP server has drained, in order (socket.io, Next, database, Redis). */
  closers: (() => Promise<unknown>)[];
  /** Past this, give up waiting for in-flight requests. */
  timeoutMs?: number;
}

export function createShutdown({ server, log, closers, timeoutMs = 10_000 }: ShutdownParts) {
  let stopping: Promise<boolean> | undefined;
  return (signal: string): Promise<boolean> => {
    stopping ??= (async () => {
      log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
      const drained = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
      // Idle keep-alive connections would hold close() open; busy ones finish their request first.
      server.closeIdleConnections();
      const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      const clean = await Promise.race([drained, timedOut]);
      if (!clean) {
        log.error(`in-flight requests did not finish in ${timeoutMs} ms; closing them`);
        server.closeAllConnections();
      }
      for (const close of closers) await close().catch((error: unknown) => log.warn({ err: error }, 'close failed'));
      log.info('stopped');
      return clean;
    })();
    return stopping;
  };
}
