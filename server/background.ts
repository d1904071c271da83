// The work a process does besides answering requests: the outbox relay (order events → the
// seed's live_goods_sales stats and the ops board), the timers lost with a previous process
// (sales to start or end, unpaid orders to expire), the overdue-order sweep and the stock check.
// It runs in the web process by default (BACKGROUND_WORK=here: one process does everything) or
// in its own (server/worker.ts, `npm run worker`), so request processes only serve requests.
import type { Container } from './container';
import { restoreSaleTimers } from './modules/flash-sale/flash-sale.service';
import { reconcile } from './modules/inventory/stock-ledger';
import { OutboxRelay } from './modules/live-stats/outbox-relay';
import { expireOverdueOrders, restoreOrderTimers } from './modules/orders/orders.service';

export interface BackgroundWork {
  stop(): Promise<void>;
}

/**
 * In the web process each order arms its own pay-by timer, so the sweep is only a safety net
 * (every 30 s). A worker hears of no order as it is placed: it sweeps every second instead, so an
 * unpaid order expires at most a second after its deadline; sales' timers are re-read as often,
 * since a sale created or moved in a web process arms its timers there.
 */
export async function startBackgroundWork(container: Container, options: { worker: boolean }): Promise<BackgroundWork> {
  const { log } = container;
  const relay = new OutboxRelay(container);
  if (container.env.OUTBOX_RELAY === 'on') await relay.start();
  const sales = await restoreSaleTimers(container);
  const orders = options.worker ? 0 : await restoreOrderTimers(container);
  await reconcile(container, { repair: 'always' });
  const fail = (what: string) => (error: unknown) => log.error({ err: error }, `${what} failed`);

  const slow = setInterval(() => {
    void reconcile(container, { repair: 'persistent' }).catch(fail('reconcile'));
    if (!options.worker) void expireOverdueOrders(container).catch(fail('overdue sweep'));
  }, 30_000);
  slow.unref();
  let sweeping = false;
  const fast = options.worker
    ? setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        void Promise.all([expireOverdueOrders(container, 0).catch(fail('overdue sweep')), restoreSaleTimers(container).catch(fail('sale timers'))]).finally(() => {
          sweeping = false;
        });
      }, 1000)
    : undefined;
  fast?.unref();
  log.info({ sales, orders, worker: options.worker }, options.worker ? 'worker: outbox relay, sale timers, overdue orders every 1 s, stock check every 30 s' : 'outbox relay started; timers restored; stock reconciliation and overdue-order sweep every 30 s');
  return {
    async stop() {
      clearInterval(slow);
      if (fast) clearInterval(fast);
      await relay.stop();
    },
  };
}
