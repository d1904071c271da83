'use client';

import { useCallback, useEffect, useRef } from 'react';

/**
 * Runs `run` at most once per interval: the first trigger at once, the triggers that follow
 * within the interval as one run at its end. A storm of pushes costs ≤ 1000/interval refetches
 * a second, and the last push is never lost.
 */
export function createCoalescer(intervalMs: number, run: () => void, now: () => number = Date.now) {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    last = now();
    run();
  };
  return {
    trigger() {
      if (timer) return;
      const wait = last + intervalMs - now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/** `createCoalescer` for a component: always runs the latest `run`, stops on unmount. */
export function useCoalesced(run: () => void, intervalMs = 500): () => void {
  const latest = useRef(run);
  const coalescer = useRef<ReturnType<typeof createCoalescer> | null>(null);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(
    () => () => {
      coalescer.current?.cancel();
      coalescer.current = null;
    },
    [],
  );
  return useCallback(() => {
    coalescer.current ??= createCoalescer(intervalMs, () => latest.current());
    coalescer.current.trigger();
  }, [intervalMs]);
}
