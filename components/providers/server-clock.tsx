'use client';

import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPCClient } from './trpc-provider';

/** The server clock minus this device's, measured once (NTP-style midpoint). */
export function useClockOffset(): number {
  const client = useTRPCClient();
  const offset = useQuery({
    queryKey: ['server-clock-offset'],
    queryFn: async () => {
      const sent = Date.now();
      const { now } = await client.flashSale.clock.query();
      return now - (sent + Date.now()) / 2;
    },
    staleTime: 5 * 60_000,
  });
  return offset.data ?? 0;
}

/** Server time, ticking. Countdowns use it, not the phone's clock. */
export function useServerNow(tickMs = 500): number {
  const offset = useClockOffset();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);
  return now + offset;
}

export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}
