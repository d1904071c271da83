// Sockets end with their session. Each socket.io connection remembers the session it was opened
// with and joins the room session:<id>; when a session ends (sign-out, sign out of all devices,
// a member removed) every instance hears it and closes that room's sockets. A sweep catches
// what a broadcast cannot: sessions that expired, or a revocation sent while Redis was away.
import type { Server, Socket } from 'socket.io';
import type { Container } from '@/server/container';
import { authRuntime } from './runtime';
import { sessionIdFromCookieHeader } from './session';

export const SOCKET_SWEEP_MS = 15_000;
const sessionRoom = (id: string) => `session:${id}`;

type AnySocket = Socket<never, never, never, { user?: unknown; sessionId?: string }>;
type AnyServer = Server<never, never, never, { user?: unknown; sessionId?: string }>;

export function endSocketsWithSessions(server: unknown, container: Container, options: { sweepMs?: number } = {}): () => void {
  const io = server as AnyServer;
  const { sessions } = authRuntime(container);
  // After the socket server's own handshake check, which found the user through the store.
  io.use((socket: AnySocket, next) => {
    if (!socket.data.user) return next();
    sessionIdFromCookieHeader(socket.handshake.headers.cookie, container.sessionPassword)
      .then((id) => {
        socket.data.sessionId = id;
        next();
      })
      .catch(next);
  });
  io.on('connection', (socket: AnySocket) => {
    if (socket.data.sessionId) void socket.join(sessionRoom(socket.data.sessionId));
  });
  const close = (ids: string[]) => {
    for (const id of ids) io.local.in(sessionRoom(id)).disconnectSockets(true);
  };
  const stopListening = sessions.onRevoked(close);
  const sweep = setInterval(() => {
    const ids = new Set<string>();
    for (const socket of io.of('/').sockets.values()) if (socket.data.sessionId) ids.add(socket.data.sessionId);
    void sessions
      .ended([...ids])
      .then(close)
      .catch((error: unknown) => container.log.warn({ err: error }, 'socket session sweep failed'));
  }, options.sweepMs ?? SOCKET_SWEEP_MS);
  sweep.unref();
  return () => {
    stopListening();
    clearInterval(sweep);
  };
}
