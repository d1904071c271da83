'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc-provider';

/** Records funnel events; a failed record never gets in the viewer's way. */
export function useTrack() {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.tracking.track.mutationOptions());
  return mutation.mutate;
}
