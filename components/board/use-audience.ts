'use client';

import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';

/**
 * How often the desk and the board ask for a room's audience. Online counts move with no
 * event of their own; the server computes the figures at most once a second per room,
 * whoever asks, and TanStack pauses the interval in a background tab.
 */
export const AUDIENCE_POLL_MS = 2_000;
const CURVE_POLL_MS = 30_000;

export function useAudience(liveId: number) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.audience.figures.queryOptions({ liveId }), refetchInterval: AUDIENCE_POLL_MS });
}

export function useAudienceCurve(liveId: number) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.audience.curve.queryOptions({ liveId }), refetchInterval: CURVE_POLL_MS });
}

/** Watch time as "12分05秒" / "12m 05s". */
export function useWatchTime() {
  const { t } = useI18n();
  return (seconds: number) => t('audience.minSec', { m: Math.floor(seconds / 60), s: String(seconds % 60).padStart(2, '0') });
}

export const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
