// Prometheus metrics of one process (GET /api/metrics): the order path's outcomes, the stock
// gate's latency, the event pipeline, and Node's own figures.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from './db/client';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'livecart_' });
  return {
    registry,
    orderAttempts: new Counter({
      name: 'livecart_order_attempts_total',
      help: 'Order attempts by outcome: accepted, or the reason they were refused',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    gateSeconds: new Histogram({
      name: 'livecart_stock_gate_seconds',
      help: 'Time of one stock-gate step (Lua script or in-process)',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    groupFallbacks: new Counter({
      name: 'livecart_order_group_fallbacks_total',
      help: 'Group commits of flash orders that fell back to one transaction per order: refused (stock, a limit, a duplicate key) or error (anything else, worth a look)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    orderCommits: new Counter({
      name: 'livecart_order_commits_total',
      help: 'Calls of the order writer (one database transaction each, for a group of orders): committed, refused by the database (stock, a limit, a rule) or failed',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    gateRebuilds: new Counter({
      name: 'livecart_stock_gate_rebuilds_total',
      help: 'Generations of a flash SKU gate loaded from the database (sale start, lost keys, a gate the database contradicted, Redis back)',
      registers: [registry],
    }),
    refusedInProcess: new Counter({
      name: 'livecart_order_refused_in_process_total',
      help: 'Flash order attempts refused as sold out by the instance itself, without Redis or the database',
      registers: [registry],
    }),
    gateBypassed: new Counter({
      name: 'livecart_stock_gate_bypassed_total',
      help: 'Flash order attempts sent to the database without the gate because Redis was unreachable',
      registers: [registry],
    }),
    eventsProcessed: new Counter({
      name: 'livecart_outbox_events_processed_total',
      help: 'Order events applied to the live statistics, by relay mode',
      labelNames: ['mode'] as const,
      registers: [registry],
    }),
    eventFailures: new Counter({
      name: 'livecart_outbox_event_failures_total',
      help: 'Order event failures, by whether the event is now dead',
      labelNames: ['dead'] as const,
      registers: [registry],
    }),
    backlog: new Gauge({
      name: 'livecart_outbox_backlog',
      help: 'Order events waiting for the relay',
      registers: [registry],
      async collect() {
        this.set(await db.outboxEvent.count({ where: { status: 'PENDING' } }));
      },
    }),
  };
}
