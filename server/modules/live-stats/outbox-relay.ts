// The outbox relay (DESIGN.md §4 step 6). Every instance runs one: it claims pending events with
// FOR UPDATE SKIP LOCKED (instances share the work), hands them to the stats processor and the
// realtime pushes, and marks them done in the same transaction — at least once, idempotent by
// order_sn. Woken by pub/sub when an order is written; a one-second tick picks up retries.
// Failures go to live_order_sync_fail_log with exponential backoff and jitter, then DEAD.
// Past a backlog threshold it switches to batch mode: up to 100 events per step, one merged
// write. Its one push, stats:updated, is coalesced per room by server/realtime/routes.ts; the
// order's own pushes (ticker, stock, the desk's list) are the order service's.
import type { Container } from '@/server/container';
import { ORDER_EVENT_TYPES, OUTBOX_WAKE_CHANNEL, orderEventPayload, type OrderEventType } from './order-events';
import { applyOrderEvents, type ApplyHooks, type AppliedEvents, type ParsedEvent } from './stats-processor';
import { trace, type Span } from '@opentelemetry/api';
import { contextOfTraceId, inSpan, tracingOn } from '@/server/tracing';

export interface RelayOptions {
  /** auto: batch while the backlog is above the threshold. */
  mode?: 'auto' | 'single' | 'batch';
  batchSize?: number;
  batchThreshold?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  tickMs?: number;
  hooks?: ApplyHooks;
  random?: () => number;
}

interface Claimed {
  id: bigint;
  type: string;
  payload: unknown;
  attempts: number;
}

export class EventError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'EventError';
  }
}

const RELAY_STATE_KEY = 'relay:state';

export class OutboxRelay {
  readonly options: Required<Omit<RelayOptions, 'hooks'>> & { hooks: ApplyHooks };
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private tick: NodeJS.Timeout | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  batchMode = false;

  constructor(private readonly container: Container, options: RelayOptions = {}) {
    this.options = {
      mode: options.mode ?? 'auto',
      batchSize: options.batchSize ?? 100,
      batchThreshold: options.batchThreshold ?? 100,
      maxAttempts: options.maxAttempts ?? 5,
      baseBackoffMs: options.baseBackoffMs ?? 1000,
      maxBackoffMs: options.maxBackoffMs ?? 5 * 60_000,
      tickMs: options.tickMs ?? 1000,
      hooks: options.hooks ?? {},
      random: options.random ?? Math.random,
    };
  }

  async start() {
    this.stopped = false;
    this.unsubscribe = await this.container.kv.pubsub.subscribe(OUTBOX_WAKE_CHANNEL, () => this.wake());
    this.tick = setInterval(() => this.wake(), this.options.tickMs);
    this.tick.unref();
    this.wake();
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.tick);
    await this.unsubscribe?.();
    await this.running;
  }

  /** Runs a drain now, or right after the one under way. */
  wake() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.drain().catch((error: unknown) => this.container.log.error({ err: error }, 'outbox relay step failed'));
      } while (this.again && !this.stopped);
      this.running = null;
    })();
  }

  /** Processes what is due until nothing is left; returns how many events were handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.step();
      if (handled === 0) return total;
      total += handled;
    }
  }

  private stateWrittenAt = 0;

  private async chooseMode(): Promise<number> {
    const { mode, batchSize, batchThreshold } = this.options;
    const was = this.batchMode;
    if (mode !== 'auto') {
      this.batchMode = mode === 'batch';
    } else {
      // Counting stops at the threshold: the question is only "above it or not".
      const [{ n }] = await this.container.db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM (SELECT 1 FROM outbox_event WHERE status = 'PENDING' AND available_at <= now() LIMIT ${batchThreshold + 1}) AS due`;
      // Hysteresis: in above the threshold, out once the backlog is well below it.
      if (!this.batchMode && n > batchThreshold) this.batchMode = true;
      else if (this.batchMode && n < batchThreshold / 4) this.batchMode = false;
    }
    // Shared for the sync-health panel: on a change, and otherwise every few seconds.
    if (was !== this.batchMode || Date.now() - this.stateWrittenAt > 5000) {
      this.stateWrittenAt = Date.now();
      await this.container.kv.cache.set(RELAY_STATE_KEY, { batchMode: this.batchMode, at: Date.now() }, 30);
    }
    return this.batchMode ? batchSize : 1;
  }

  /**
   * One step: claim, process, mark done — in one transaction. Traced as one span (a batch serves
   * many buyers) linked to the trace of each order it carries.
   */
  step(): Promise<number> {
    return inSpan('outbox.relay', { 'livecart.batch_mode': this.batchMode }, (span) => this.stepTraced(span));
  }

  private async stepTraced(span: Span): Promise<number> {
    const limit = await this.chooseMode();
    const { db } = this.container;
    let claimedIds: bigint[] = [];
    let failure: { ids: bigint[]; error: unknown } | null = null;
    let applied: ({ events: ParsedEvent[] } & AppliedEvents) | null = null;
    try {
      await db.$transaction(
        async (tx) => {
          const rows = await tx.$queryRaw<Claimed[]>`
            SELECT id, type, payload, attempts FROM outbox_event
            WHERE status = 'PENDING' AND available_at <= now()
            ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
          claimedIds = rows.map((r) => r.id);
          if (rows.length === 0) return;
          const events = rows.map(parseEvent);
          span.setAttribute('livecart.events', events.length);
          if (tracingOn()) {
            const traced = await tx.$queryRaw<{ trace_id: string }[]>`
              SELECT trace_id FROM live_order WHERE order_sn = ANY(${events.map((e) => e.payload.order_sn)}::text[]) AND trace_id IS NOT NULL`;
            for (const { trace_id } of traced) {
              const parent = contextOfTraceId(trace_id);
              const linked = parent && trace.getSpanContext(parent);
              if (linked) span.addLink({ context: linked });
            }
          }
          const result = await inSpan('stats.apply', { 'livecart.events': events.length }, () => applyOrderEvents(tx, events, this.options.hooks));
          await tx.$executeRaw`UPDATE outbox_event SET status = 'DONE', processed_at = now(), attempts = attempts + 1 WHERE id = ANY(${claimedIds}::bigint[])`;
          await tx.$executeRaw`UPDATE live_order_sync_fail_log SET status = 'RESOLVED', updated_at = now() WHERE outbox_id = ANY(${claimedIds}::bigint[]) AND status <> 'RESOLVED'`;
          applied = { events, ...result };
        },
        { maxWait: 10_000, timeout: 60_000 },
      );
    } catch (error) {
      failure = { ids: claimedIds, error };
    }
    if (failure) {
      if (failure.ids.length > 1) {
        // Find the poison one: the others go through one by one, it alone backs off.
        for (const id of failure.ids) await this.stepOne(id);
      } else if (failure.ids.length === 1) {
        await this.recordFailure(failure.ids[0]!, failure.error);
      } else {
        throw failure.error;
      }
      return failure.ids.length;
    }
    if (applied) await this.afterApplied(applied);
    if (claimedIds.length) this.container.metrics.eventsProcessed.inc({ mode: this.batchMode ? 'batch' : 'single' }, claimedIds.length);
    return claimedIds.length;
  }

  private async stepOne(id: bigint) {
    let applied: ({ events: ParsedEvent[] } & AppliedEvents) | null = null;
    try {
      await this.container.db.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<Claimed[]>`SELECT id, type, payload, attempts FROM outbox_event WHERE id = ${id} AND status = 'PENDING' FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return;
        const events = rows.map(parseEvent);
        const result = await applyOrderEvents(tx, events, this.options.hooks);
        await tx.$executeRaw`UPDATE outbox_event SET status = 'DONE', processed_at = now(), attempts = attempts + 1 WHERE id = ${id}`;
        await tx.$executeRaw`UPDATE live_order_sync_fail_log SET status = 'RESOLVED', updated_at = now() WHERE outbox_id = ${id} AND status <> 'RESOLVED'`;
        applied = { events, ...result };
      });
    } catch (error) {
      await this.recordFailure(id, error);
      return;
    }
    if (applied) await this.afterApplied(applied);
  }

  /** Backoff with full jitter; DEAD after maxAttempts. */
  private async recordFailure(id: bigint, error: unknown) {
    const { db, log } = this.container;
    const code = error instanceof EventError ? error.code : ((error as { code?: string }).code ?? 'PROCESSING_FAILED');
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    const row = await db.outboxEvent.findUnique({ where: { id }, select: { attempts: true, aggregateId: true, liveId: true } });
    if (!row) return;
    const attempts = row.attempts + 1;
    const dead = attempts >= this.options.maxAttempts;
    const ceiling = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** (attempts - 1));
    const delay = Math.round(ceiling / 2 + (this.options.random() * ceiling) / 2);
    const nextRetryAt = dead ? null : new Date(Date.now() + delay);
    await db.$transaction([
      db.outboxEvent.update({ where: { id }, data: { attempts, status: dead ? 'DEAD' : 'PENDING', availableAt: nextRetryAt ?? new Date() } }),
      db.liveOrderSyncFailLog.upsert({
        where: { outboxId: id },
        create: { outboxId: id, orderSn: row.aggregateId.slice(0, 32), liveId: row.liveId, retryCount: attempts, lastErrorCode: code.slice(0, 60), lastError: message, nextRetryAt, status: dead ? 'DEAD' : 'RETRYING' },
        update: { failTime: new Date(), retryCount: attempts, lastErrorCode: code.slice(0, 60), lastError: message, nextRetryAt, status: dead ? 'DEAD' : 'RETRYING' },
      }),
    ]);
    this.container.metrics.eventFailures.inc({ dead: String(dead) });
    log.warn({ outboxId: String(id), attempts, dead, code }, dead ? 'order event is dead after its last retry' : 'order event failed; will retry');
  }

  private async afterApplied({ events, liveIds, cancelled }: { events: ParsedEvent[] } & AppliedEvents) {
    const { kv, realtime, log } = this.container;
    const created = events.filter((e) => e.type === 'OrderCreatedEvent');
    // "Orders in the last 60 s" counts orders that still stand: a created order enters the
    // window unless it is already cancelled; a cancelled or expired one leaves it.
    const recent = new Map<number, { orderSn: string; atMs: number }[]>();
    for (const e of created) {
      if (cancelled.has(e.payload.order_sn)) continue;
      let room = recent.get(e.payload.live_id);
      if (!room) recent.set(e.payload.live_id, (room = []));
      room.push({ orderSn: e.payload.order_sn, atMs: Date.parse(e.payload.order_time) });
    }
    const gone = new Map<number, Set<string>>();
    for (const e of events) {
      if (!cancelled.has(e.payload.order_sn)) continue;
      let room = gone.get(e.payload.live_id);
      if (!room) gone.set(e.payload.live_id, (room = new Set()));
      room.add(e.payload.order_sn);
    }
    await Promise.all([
      ...[...recent].map(([liveId, orders]) => kv.recentOrders.add(liveId, orders)),
      ...[...gone].map(([liveId, sns]) => kv.recentOrders.remove(liveId, [...sns])),
    ]).catch((error: unknown) => log.warn({ err: error }, 'recent orders window write failed'));
    // The board's numbers moved: a big screen wants smooth numbers, not one repaint per order
    // (≤ 2 pushes/s per room, routes.ts).
    for (const liveId of liveIds) realtime.publish('stats:updated', { liveId, at: new Date().toISOString() });
  }
}

function parseEvent(row: Claimed): ParsedEvent {
  if (!ORDER_EVENT_TYPES.includes(row.type as OrderEventType)) throw new EventError('UNKNOWN_EVENT_TYPE', `Unknown event type ${row.type}`);
  const parsed = orderEventPayload.safeParse(row.payload);
  if (!parsed.success) throw new EventError('INVALID_PAYLOAD', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { type: row.type as OrderEventType, payload: parsed.data };
}

/** The relays' shared view of batch mode, for the sync-health panel. */
export async function relayState(container: Container): Promise<{ batchMode: boolean; at: number } | null> {
  return (await container.kv.cache.get<{ batchMode: boolean; at: number }>(RELAY_STATE_KEY)) ?? null;
}

/** Ops: send dead (or retrying) events through again. */
export async function retryEvents(container: Container, outboxIds: bigint[]) {
  await container.db.$transaction([
    container.db.outboxEvent.updateMany({ where: { id: { in: outboxIds }, status: { in: ['DEAD', 'PENDING'] } }, data: { status: 'PENDING', attempts: 0, availableAt: new Date() } }),
    container.db.liveOrderSyncFailLog.updateMany({ where: { outboxId: { in: outboxIds } }, data: { status: 'RETRYING', nextRetryAt: new Date() } }),
  ]);
  await container.kv.pubsub.publish(OUTBOX_WAKE_CHANNEL, 1);
}
