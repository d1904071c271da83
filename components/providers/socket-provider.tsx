'use client';

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, JoinTarget, ServerToClientEvents } from '@/server/realtime/events';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const SocketContext = createContext<AppSocket | null>(null);

export function SocketProvider({ children }: { children: ReactNode }) {
  // Created once in the browser (never during server rendering), connected while mounted.
  const [socket] = useState<AppSocket | null>(() =>
    typeof window === 'undefined' ? null : io({ path: '/socket.io', transports: ['websocket', 'polling'], autoConnect: false }),
  );
  useEffect(() => {
    socket?.connect();
    return () => {
      socket?.disconnect();
    };
  }, [socket]);
  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;
}

export function useSocket() {
  return useContext(SocketContext);
}

export type RoomState = 'connecting' | 'joined' | 'forbidden' | 'offline';

/**
 * Joins a socket room and re-joins after every reconnect. `onJoined` runs after every
 * successful join — the first one too: a page reads its state while the join is on its
 * way, and a change pushed between that read and the join would otherwise be missed
 * until the next push (a pin made in that window stayed off the viewer's page).
 */
export function useSocketRoom(target: JoinTarget | null, onJoined?: () => void): RoomState {
  const socket = useSocket();
  const [state, setState] = useState<RoomState>('connecting');
  const joined = useRef(onJoined);
  useEffect(() => {
    joined.current = onJoined;
  });
  const key = target ? JSON.stringify(target) : null;

  useEffect(() => {
    if (!socket || !key) return;
    const parsed = JSON.parse(key) as JoinTarget;
    const join = () => {
      socket.emit('room:join', parsed, (reply) => {
        setState(reply.ok ? 'joined' : 'forbidden');
        if (reply.ok) joined.current?.();
      });
    };
    const offline = () => setState('offline');
    if (socket.connected) join();
    socket.on('connect', join);
    socket.on('disconnect', offline);
    return () => {
      socket.off('connect', join);
      socket.off('disconnect', offline);
      socket.emit('room:leave', parsed);
    };
  }, [socket, key]);
  return state;
}

export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]) {
  const socket = useSocket();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: unknown[]) => (ref.current as (...a: unknown[]) => void)(...args)) as never;
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}
