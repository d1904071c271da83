// The socket.io server: authenticates from the session cookie, lets clients join the rooms
// they may see, and carries events between app instances through Redis when it is set. On a
// Redis Cluster the adapter is the sharded one (Redis 7 SPUBLISH/SSUBSCRIBE): a room's events
// go on its own shard channel, to the instances with a socket in that room, instead of every
// PUBLISH being copied to every node of the cluster.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { TLSSocket } from 'node:tls';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { isCluster, type RedisClient } from '@/server/redis/redis-kv';
import { Server, type Socket } from 'socket.io';
import { FOREIGN_ORIGIN, isAllowedOrigin } from '@/server/edges/origin';
import type { Logger } from '@/server/logger';
import { sessionUserFromCookieHeader, type SessionUser } from '@/server/modules/auth/session';
import type { ClientToServerEvents, JoinTarget, ServerToClientEvents } from './events';
import { rooms } from './events';
import { joinTarget } from './events.schema';
import type { Realtime } from './emitter';

interface SocketData {
  user?: SessionUser;
}

export type RoomAccess = (user: SessionUser | undefined, target: JoinTarget) => Promise<string | null>;

export type AppServerSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
/** Told after a socket joined or left a room (the audience counts viewers); a disconnect is the socket's own event. */
export type RoomHook = (change: 'join' | 'leave', socket: AppServerSocket, target: JoinTarget) => void;

/** Several hooks as one, each told in turn. */
export const roomHooks =
  (...hooks: RoomHook[]): RoomHook =>
  (change, socket, target) => {
    for (const hook of hooks) hook(change, socket, target);
  };

export interface SocketServerOptions {
  sessionPassword: string;
  redis?: RedisClient;
  log: Logger;
  realtime: Realtime;
  /** Returns the room name to join, or null when the user may not join. */
  access: RoomAccess;
  /** APP_ORIGINS: pages of these origins may connect (unset: the origin the handshake was sent to). */
  appOrigins?: string;
  onRoom?: RoomHook;
}

export function createSocketServer(http: HttpServer, options: SocketServerOptions) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(http, {
    path: '/socket.io',
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
    // A socket carries the session cookie: another site's page may not open one (refused
    // before the handshake, polling and WebSocket alike).
    allowRequest: (req: IncomingMessage, callback) => {
      const allowed = isAllowedOrigin(req.headers, options.appOrigins, req.socket instanceof TLSSocket);
      callback(allowed ? null : FOREIGN_ORIGIN, allowed);
    },
  });
  let pub: RedisClient | undefined;
  let sub: RedisClient | undefined;
  const redis = options.redis;
  if (redis && isCluster(redis)) {
    // Shard channels are keys to ioredis: without the key prefix the adapter finds its own
    // channel names in the messages; the prefix goes into the channel names instead, so that
    // deployments sharing a cluster do not hear each other.
    const prefix = typeof redis.options.keyPrefix === 'string' ? redis.options.keyPrefix : '';
    pub = redis.duplicate(undefined, { keyPrefix: undefined });
    sub = redis.duplicate(undefined, { keyPrefix: undefined, shardedSubscribers: true });
    wireAdapterClients(pub, sub, options.log, true);
    io.adapter(createShardedAdapter(pub, sub, { channelPrefix: `${prefix}socket.io` }));
  } else if (redis) {
    pub = redis.duplicate();
    sub = redis.duplicate();
    wireAdapterClients(pub, sub, options.log, false);
    io.adapter(createAdapter(pub, sub));
  }
  // A cluster's adapter connections (one per node, and a sharded subscriber per master) end
  // with the server; QUIT after the adapter's own unsubscribes, not awaited (Redis may be away).
  if (redis && isCluster(redis)) {
    const close = io.close.bind(io);
    io.close = async (fn) => {
      await close(fn);
      for (const client of [pub, sub]) void client?.quit().catch(() => client.disconnect());
    };
  }

  io.use(async (socket, next) => {
    socket.data.user = await sessionUserFromCookieHeader(socket.handshake.headers.cookie, options.sessionPassword);
    next();
  });

  io.on('connection', (socket) => {
    // Payloads are checked before use; a malformed one is answered BAD_REQUEST, not logged.
    socket.on('room:join', async (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const parsed = joinTarget.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: 'BAD_REQUEST' });
      const target = parsed.data;
      try {
        const room = await options.access(socket.data.user, target);
        if (!room) return reply({ ok: false, error: 'FORBIDDEN' });
        await socket.join(room);
        reply({ ok: true });
        options.onRoom?.('join', socket, target);
      } catch (error) {
        options.log.warn({ err: error, target }, 'room join failed');
        reply({ ok: false, error: 'BAD_REQUEST' });
      }
    });
    socket.on('room:leave', async (payload) => {
      const parsed = joinTarget.safeParse(payload);
      if (!parsed.success) return;
      const target = parsed.data;
      await socket.leave(target.as === 'ops' ? rooms.ops() : target.as === 'host' ? rooms.hosts(target.liveId) : rooms.viewers(target.liveId));
      options.onRoom?.('leave', socket, target);
    });
  });

  options.realtime.attach({
    emit: (room, event, payload, local) => {
      // Coalesced pushes are made by each instance for its own sockets; while Redis is away,
      // this instance's own sockets still get every event.
      if (local || (pub && pub.status !== 'ready')) io.local.to(room).emit(event, payload as never);
      else io.to(room).emit(event, payload as never);
    },
  });
  return io;
}

function wireAdapterClients(pub: RedisClient, sub: RedisClient, log: Logger, sharded: boolean) {
  let lastError = 0;
  const onError = (error: Error) => {
    if (Date.now() - lastError > 5000) log.warn({ err: error }, 'socket.io Redis adapter: connection error; events reach this instance only until Redis is back');
    lastError = Date.now();
  };
  pub.on('error', onError);
  sub.on('error', onError);
  // The adapter does not catch a failed publish (nor, sharded, a failed SSUBSCRIBE/SUNSUBSCRIBE
  // as a room appears or empties): without this, a Redis outage would be an unhandled
  // rejection per event.
  const guard = (client: RedisClient, command: string) => {
    const target = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const original = target[command]!.bind(client);
    target[command] = (...args) =>
      original(...args).catch((error: unknown) => {
        onError(error as Error);
        return 0;
      });
  };
  if (sharded) {
    guard(pub, 'spublish');
    guard(sub, 'ssubscribe');
    guard(sub, 'sunsubscribe');
  } else {
    guard(pub, 'publish');
  }
}
