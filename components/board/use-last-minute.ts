'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc-provider';

/** How often pages showing "orders in the last 60 s" ask for it again. */
export const LAST_MINUTE_POLL_MS = 5_000;

/**
 * "Orders in the last 60 s" of a room. It falls as time passes, with no event to say so: the
 * figure alone is polled while the page is visible (TanStack pauses the interval in a
 * background tab); `stats:updated` pushes invalidate it for the rises.
 */
export function useLastMinute(liveId: number) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.liveStats.lastMinute.queryOptions({ liveId }), refetchInterval: LAST_MINUTE_POLL_MS });
}
