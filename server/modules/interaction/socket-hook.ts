// "X 来了": a socket joining a room's viewers is an arrival for the room's comment stream
// (coalesced there, see arrivals.ts). Wired into the socket server by server/index.ts.
import type { Container } from '@/server/container';
import type { RoomHook } from '@/server/realtime/socket-server';
import { visitorIdFromCookie } from '@/server/trpc/context';
import { viewerArrived } from './interaction.service';

export function interactionRoomHook(container: Container): RoomHook {
  return (change, socket, target) => {
    if (change !== 'join' || target.as !== 'viewer') return;
    // A browser is told apart by its visitor cookie (set by the handshake of its first visit).
    const visitorId = visitorIdFromCookie(socket.request.headers.cookie) ?? socket.id;
    void viewerArrived(container, { user: socket.data.user, visitorId }, target.liveId).catch((error: unknown) => container.log.warn({ err: error }, 'arrival not noted'));
  };
}
