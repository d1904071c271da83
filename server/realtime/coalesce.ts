// Coalesces bursts: per key, at most one call per interval. The first push of a quiet key goes
// at once; what arrives within the interval goes as one call at its end — the latest value,
// or, with `merge`, everything pushed meanwhile folded into one (a batch of comments).
export function coalesce<T>(intervalMs: number, flush: (key: string, value: T) => void, merge?: (pending: T, next: T) => T) {
  const pending = new Map<string, T>();
  const lastSent = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
  const send = (key: string) => {
    timers.delete(key);
    if (!pending.has(key)) return;
    const value = pending.get(key) as T;
    pending.delete(key);
    lastSent.set(key, Date.now());
    flush(key, value);
  };
  return {
    push(key: string, value: T) {
      pending.set(key, merge && pending.has(key) ? merge(pending.get(key) as T, value) : value);
      if (timers.has(key)) return;
      const now = Date.now();
      const last = lastSent.get(key);
      // A key quiet for a while is forgotten, so the map holds only the busy ones.
      if (last !== undefined && now - last >= intervalMs) lastSent.delete(key);
      const wait = last === undefined ? 0 : Math.max(0, last + intervalMs - now);
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
    /** Whether a push for this key waits for its interval to end. */
    isWaiting(key: string) {
      return timers.has(key);
    },
    /** Changes the push waiting for this key (see isWaiting). */
    amend(key: string, change: (pending: T) => T) {
      if (pending.has(key)) pending.set(key, change(pending.get(key) as T));
    },
    /** Drops everything pending, sends nothing (shutdown). */
    clear() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      pending.clear();
    },
    /** How many keys wait for their interval to end. */
    get waiting() {
      return timers.size;
    },
  };
}
