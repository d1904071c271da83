// Wires the audience into the socket server: a viewer socket joining a room's viewer room
// enters it, leaving or disconnecting leaves it. The handshake gives a browser without one
// its visitor cookie, so a signed-out viewer counts once however often it reconnects.
import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import type { Server } from 'socket.io';
import type { Env } from '@/server/env';
import { sessionCookieSecure } from '@/server/edges/cookies';
import type { RoomHook } from '@/server/realtime/socket-server';
import { newVisitorCookie, visitorIdFromCookie } from '@/server/trpc/context';
import type { Audience } from './audience.service';

const GIVEN = Symbol('livecart.visitor-id');
type WithVisitor = IncomingMessage & { [GIVEN]?: string };

/** Sets the visitor cookie on the handshake's answer when the browser has none. */
export function giveVisitorCookies(io: Server, env: Pick<Env, 'SESSION_COOKIE_SECURE' | 'NODE_ENV'>) {
  io.engine.on('initial_headers', (headers: Record<string, string | string[]>, req: WithVisitor) => {
    if (visitorIdFromCookie(req.headers.cookie)) return;
    const { id, setCookie } = newVisitorCookie(sessionCookieSecure(env, req.headers, req.socket instanceof TLSSocket));
    req[GIVEN] = id;
    const before = headers['set-cookie'];
    headers['set-cookie'] = [...(Array.isArray(before) ? before : before ? [before] : []), setCookie];
  });
}

export function audienceRoomHook(audience: Audience): RoomHook {
  const watched = new WeakSet<object>();
  return (change, socket, target) => {
    if (target.as !== 'viewer') return;
    if (change === 'leave') return void audience.leave(target.liveId, socket.id);
    // Gone while the join was checked: its disconnect was already told, and nobody would end the visit.
    if (!socket.connected) return;
    const req = socket.request as WithVisitor;
    void audience.enter({
      liveId: target.liveId,
      connId: socket.id,
      userId: socket.data.user?.id,
      visitorCookie: visitorIdFromCookie(req.headers.cookie) ?? req[GIVEN],
      ip: socket.handshake.address,
    });
    if (!watched.has(socket)) {
      watched.add(socket);
      socket.once('disconnect', () => void audience.disconnected(socket.id));
    }
  };
}
