import { describe, expect, it } from 'vitest';
import { createMemoryGate } from './gate-memory';
import { SOLD_OUT_MEMORY_MS, SoldOutMemory } from './sold-out-memory';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the sold-out memory', () => {
  async function soldOutGate() {
    const gate = createMemoryGate();
    await gate.load(7, 1, 2, {});
    for (const key of ['k1', 'k2']) {
      expect((await gate.reserve({ flashSkuId: 7, userId: 1, quantity: 1, perUserLimit: 5, idempotencyKey: key, requestHash: 'h' })).ok).toBe(true);
    }
    return gate;
  }

  it('refuses a new attempt once the gate said sold out, but never the retry of an accepted order', async () => {
    const gate = await soldOutGate();
    const memory = new SoldOutMemory({ gate, onError: () => undefined });
    expect(memory.refuses(7, 'k3')).toBe(false);
    memory.learn(7);
    // Until the reservations' keys are read, nothing is refused.
    expect(memory.refuses(7, 'k3')).toBe(false);
    await flush();
    expect(memory.refuses(7, 'k3')).toBe(true);
    expect(memory.refuses(7, 'k1')).toBe(false);
    expect(memory.refuses(8, 'k3')).toBe(false);
  });

  it('forgets when units come back, and by itself after a while', async () => {
    const gate = await soldOutGate();
    let now = 1_000;
    const memory = new SoldOutMemory({ gate, onError: () => undefined, now: () => now });
    memory.learn(7);
    await flush();
    expect(memory.refuses(7, 'x')).toBe(true);
    memory.stockBack(7);
    expect(memory.refuses(7, 'x')).toBe(false);

    memory.learn(7);
    await flush();
    now += SOLD_OUT_MEMORY_MS;
    expect(memory.refuses(7, 'x')).toBe(false);
  });

  it('hears units come back in another process over pub/sub', async () => {
    const gate = await soldOutGate();
    const handlers = new Map<string, ((m: unknown) => void)[]>();
    const pubsub = {
      publish: async (channel: string, message: unknown) => handlers.get(channel)?.forEach((h) => h(message)),
      subscribe: async (channel: string, handler: (m: unknown) => void) => {
        handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
        return async () => undefined;
      },
    };
    const here = new SoldOutMemory({ gate, pubsub, onError: () => undefined });
    const there = new SoldOutMemory({ gate, pubsub, onError: () => undefined });
    await flush();
    here.learn(7);
    await flush();
    expect(here.refuses(7, 'x')).toBe(true);
    there.stockBack(7);
    await flush();
    expect(here.refuses(7, 'x')).toBe(false);
  });
});
