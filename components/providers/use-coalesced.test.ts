import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCoalescer } from './use-coalesced';

describe('createCoalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first trigger at once and a storm as at most one run per interval, the last one included', () => {
    const run = vi.fn();
    const c = createCoalescer(500, run);
    c.trigger();
    expect(run).toHaveBeenCalledTimes(1);
    // 100 pushes over 1 s: a run at 500 ms and 1000 ms, and one after the last push.
    for (let i = 0; i < 100; i++) {
      vi.advanceTimersByTime(10);
      c.trigger();
    }
    expect(run).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(500);
    expect(run).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(4);
    // Quiet for longer than the interval: the next trigger runs at once again.
    c.trigger();
    expect(run).toHaveBeenCalledTimes(5);
  });

  it('runs nothing after cancel', () => {
    const run = vi.fn();
    const c = createCoalescer(500, run);
    c.trigger();
    c.trigger();
    c.cancel();
    vi.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
