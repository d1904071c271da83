'use client';

import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSocket, useSocketEvent } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { mergeComments } from './comment-list';

/**
 * A room's comment stream as the viewer page and the desk see it: the last comments on joining,
 * then the pushes (batched comments and removals, the pinned comment, the like total) applied to
 * the query's data. A socket that reconnects without its missed events fetches the tail again.
 * The page joins the socket room itself.
 */
export function useRoomComments(liveId: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const socket = useSocket();
  const query = trpc.interaction.comments.queryOptions({ liveId });
  const comments = useQuery(query);

  useSocketEvent('comments:changed', (p) => {
    if (p.liveId !== liveId) return;
    queryClient.setQueryData(query.queryKey, (old) =>
      old
        ? {
            ...old,
            comments: mergeComments(old.comments, p.added, p.removed),
            pinned: old.pinned && p.removed.includes(old.pinned.id) ? null : old.pinned,
            likes: Math.max(old.likes, p.likes ?? 0),
          }
        : old,
    );
  });
  useSocketEvent('comment:pinned', (p) => {
    if (p.liveId === liveId) queryClient.setQueryData(query.queryKey, (old) => (old ? { ...old, pinned: p.pinned } : old));
  });
  // Totals only grow: a late push from another instance never takes the count back.
  useSocketEvent('likes:changed', (p) => {
    if (p.liveId === liveId) queryClient.setQueryData(query.queryKey, (old) => (old ? { ...old, likes: Math.max(old.likes, p.total) } : old));
  });

  useEffect(() => {
    if (!socket) return;
    const caughtUp = () => {
      // socket.io replayed what was missed (connection state recovery): nothing to fetch.
      if (!socket.recovered) void queryClient.invalidateQueries({ queryKey: trpc.interaction.comments.queryKey({ liveId }) });
    };
    socket.on('connect', caughtUp);
    return () => {
      socket.off('connect', caughtUp);
    };
  }, [socket, queryClient, trpc, liveId]);

  return comments;
}
