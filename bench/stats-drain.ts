// S — stats processor: drain rate of one-by-one vs batch mode over the same backlog, with the
// totals compared. Run: npx tsx bench/stats-drain.ts [backlog…]   (default 1000 10000)
import { randomInt } from 'node:crypto';
import { OutboxRelay } from '../server/modules/live-stats/outbox-relay';
import { dropRedisPrefix } from './lib/app';
import { benchContainer, freshDatabase } from './lib/env';

export interface DrainResult {
  backlog: number;
  singlePerSecond: number;
  batchPerSecond: number;
  ratio: number;
  identical: boolean;
}

// A live room's worth of orders: 20 SKUs, 2,000 buyers; a third paid, a tenth cancelled later.
function backlogEvents(n: number, liveId: number) {
  const events: { type: string; aggregateId: string; liveId: number; payload: object }[] = [];
  for (let i = 0; events.length < n; i += 1) {
    const sn = `2026112400${String(liveId).padStart(4, '0')}${String(i).padStart(8, '0')}`;
    const payload = {
      order_sn: sn,
      live_id: liveId,
      user_id: 1 + randomInt(2000),
      order_time: new Date(Date.now() - randomInt(600_000)).toISOString(),
      pin_segment_id: null,
      goods_items: [{ sku_id: 1 + randomInt(20), spu_id: 1, quantity: 1 + randomInt(3), amount: 990 * (1 + randomInt(3)) }],
    };
    events.push({ type: 'OrderCreatedEvent', aggregateId: sn, liveId, payload });
    if (i % 3 === 0 && events.length < n) events.push({ type: 'OrderPaidEvent', aggregateId: sn, liveId, payload });
    else if (i % 10 === 1 && events.length < n) events.push({ type: 'OrderCancelledEvent', aggregateId: sn, liveId, payload });
  }
  return events;
}

export async function measureDrain(backlogs: number[]): Promise<DrainResult[]> {
  const db = await freshDatabase('drain');
  const container = await benchContainer(db.url);
  const results: DrainResult[] = [];
  try {
    for (const [index, backlog] of backlogs.entries()) {
      const timings: Record<'single' | 'batch', number> = { single: 0, batch: 0 };
      const totals: Record<string, unknown> = {};
      const template = backlogEvents(backlog, 1);
      for (const mode of ['single', 'batch'] as const) {
        const liveId = 100 + index * 2 + (mode === 'batch' ? 1 : 0);
        // The same events for both modes, only the room differs.
        const events = template.map((e) => ({ ...e, liveId, aggregateId: e.aggregateId.replace(/^20261124000001/, `2026112400${String(liveId).padStart(4, '0')}`), payload: { ...(e.payload as object), live_id: liveId, order_sn: (e.payload as { order_sn: string }).order_sn.replace(/^20261124000001/, `2026112400${String(liveId).padStart(4, '0')}`) } }));
        for (let i = 0; i < events.length; i += 1000) await container.db.outboxEvent.createMany({ data: events.slice(i, i + 1000) });
        const relay = new OutboxRelay(container, { mode });
        const started = performance.now();
        const drained = await relay.drain();
        timings[mode] = (performance.now() - started) / 1000;
        if (drained !== backlog) throw new Error(`drained ${drained} of ${backlog}`);
        totals[mode] = await container.db.liveGoodsSales.findMany({ where: { liveId }, select: { skuId: true, totalSales: true, uv: true, gmv: true, paidSales: true }, orderBy: { skuId: 'asc' } });
        await container.db.outboxEvent.deleteMany({});
      }
      results.push({
        backlog,
        singlePerSecond: backlog / timings.single,
        batchPerSecond: backlog / timings.batch,
        ratio: timings.single / timings.batch,
        identical: JSON.stringify(totals.single) === JSON.stringify(totals.batch),
      });
    }
  } finally {
    await container.close();
    await db.drop();
    await dropRedisPrefix(container.env.REDIS_KEY_PREFIX);
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const backlogs = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const results = await measureDrain(backlogs.length ? backlogs : [1000, 10000]);
  for (const r of results) {
    console.log(`backlog ${r.backlog}: one-by-one ${r.singlePerSecond.toFixed(0)} ev/s, batch ${r.batchPerSecond.toFixed(0)} ev/s, ×${r.ratio.toFixed(1)}, totals identical: ${r.identical}`);
  }
}
