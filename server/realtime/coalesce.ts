// Coalesces bursts: per key, at most one call per interval, always with the latest value.
// Used for stock pushes (≤ 10/s per SKU) so a flash storm does not flood the sockets.
export function coalesce<T>(intervalMs: number, flush: (key: string, value: T) => void) {
  const pending = new Map<string, T>();
  const lastSent = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();

  const send = (key: string) => {
    timers.delete(key);
    const value = pending.get(key);
    if (value === undefined) return;
    pending.delete(key);
    lastSent.set(key, Date.now());
    flush(key, value);
  };

  return {
    push(key: string, value: T) {
      pending.set(key, value);
      if (timers.has(key)) return;
      const wait = Math.max(0, (lastSent.get(key) ?? 0) + intervalMs - Date.now());
      if (wait === 0) send(key);
      else timers.set(key, setTimeout(() => send(key), wait));
    },
    /** Sends everything pending now (shutdown, tests). */
    flushAll() {
      for (const [key, timer] of timers) {
        clearTimeout(timer);
        send(key);
      }
    },
  };
}
