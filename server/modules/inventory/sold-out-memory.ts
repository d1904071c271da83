// Refusals that cost nothing: once the gate says a flash SKU has no units left, this process
// refuses further attempts itself, before the rate limiter and the gate — no Redis round trip,
// no database. What it must never do is refuse a request that would have been answered
// otherwise, so:
//   - it refuses only requests whose idempotency key is not one of the SKU's reservations (read
//     once from the gate when it sold out): the retry of an accepted order still gets its order;
//   - units that come back (a refusal given back, a cancel, an expiry, the host adding stock, a
//     rebuild) clear it at once in this process and, over pub/sub, in every other one;
//   - it forgets by itself after a short while, so a lost pub/sub message costs at most that
//     long of "sold out" on an instance, never an oversell (acceptances always pass the gate
//     and the database's conditional update).
import type { PubSub } from '@/server/redis/kv';
import type { StockGate } from './gate';

/** How long a process trusts what it learnt without hearing again from the gate. */
export const SOLD_OUT_MEMORY_MS = 2000;
export const STOCK_BACK_CHANNEL = 'inventory:stock-back';

interface Entry {
  until: number;
  /** The reservations' keys; null while they are being read (nothing is refused meanwhile). */
  keys: Set<string> | null;
}

export class SoldOutMemory {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly deps: { gate: StockGate; pubsub?: PubSub; onError: (error: unknown) => void; now?: () => number }) {
    void deps.pubsub
      ?.subscribe(STOCK_BACK_CHANNEL, (message) => {
        const id = Number((message as { flashSkuId?: unknown } | null)?.flashSkuId);
        if (Number.isInteger(id)) this.entries.delete(id);
      })
      .catch(deps.onError);
  }

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  /** True when this attempt is refused as sold out without asking the gate. */
  refuses(flashSkuId: number, idempotencyKey: string): boolean {
    const entry = this.entries.get(flashSkuId);
    if (!entry) return false;
    if (entry.until <= this.now()) {
      this.entries.delete(flashSkuId);
      return false;
    }
    return entry.keys !== null && !entry.keys.has(idempotencyKey);
  }

  /** The gate answered "sold out" with nothing left: remember it, with the keys of who holds the units. */
  learn(flashSkuId: number) {
    const known = this.entries.get(flashSkuId);
    const until = this.now() + SOLD_OUT_MEMORY_MS;
    if (known) {
      known.until = until;
      return;
    }
    const entry: Entry = { until, keys: null };
    this.entries.set(flashSkuId, entry);
    this.deps.gate
      .reservedKeys(flashSkuId)
      .then((keys) => {
        // Units came back while the keys were read: the entry is gone and stays gone.
        if (this.entries.get(flashSkuId) === entry) entry.keys = keys;
      })
      .catch((error: unknown) => {
        if (this.entries.get(flashSkuId) === entry) this.entries.delete(flashSkuId);
        this.deps.onError(error);
      });
  }

  /** Units of the SKU came back: every process forgets that it was sold out. */
  stockBack(flashSkuId: number) {
    this.entries.delete(flashSkuId);
    void this.deps.pubsub?.publish(STOCK_BACK_CHANNEL, { flashSkuId }).catch(this.deps.onError);
  }
}
