// The stock ledger of flash SKUs and its reconciliation. The database is the truth:
//   flash_stock = paid + held + remaining   (held = sold − paid, remaining = flash_stock − sold)
// and sold / paid / released must equal the sums over the orders. Redis (the gate) must hold
// remaining and each user's units; the reconciler repairs it from the database.
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';

export interface LedgerRow {
  flashSkuId: number;
  flashSaleId: number;
  skuId: number;
  flashStock: number;
  sold: number;
  paid: number;
  held: number;
  remaining: number;
  released: number;
  /** Unpaid orders and their deadlines. */
  holds: { orderSn: string; quantity: number; payDeadline: Date }[];
}

export async function ledgerOf(db: Db, flashSaleIds: number[]): Promise<LedgerRow[]> {
  const skus = await db.flashSku.findMany({
    where: { flashSaleId: { in: flashSaleIds } },
    select: { id: true, flashSaleId: true, skuId: true, flashStock: true, sold: true, paid: true, released: true },
    orderBy: { id: 'asc' },
  });
  const holds = await db.orderItem.findMany({
    where: { flashSkuId: { in: skus.map((s) => s.id) }, order: { status: 'PENDING_PAYMENT' } },
    select: { flashSkuId: true, quantity: true, order: { select: { orderSn: true, payDeadline: true } } },
    orderBy: { order: { payDeadline: 'asc' } },
  });
  return skus.map((s) => ({
    flashSkuId: s.id,
    flashSaleId: s.flashSaleId,
    skuId: s.skuId,
    flashStock: s.flashStock,
    sold: s.sold,
    paid: s.paid,
    held: s.sold - s.paid,
    remaining: s.flashStock - s.sold,
    released: s.released,
    holds: holds.filter((h) => h.flashSkuId === s.id).map((h) => ({ orderSn: h.order.orderSn, quantity: h.quantity, payDeadline: h.order.payDeadline })),
  }));
}

export interface Drift {
  flashSkuId: number;
  kind: 'ledger' | 'redis';
  detail: string;
}

// Redis differences seen by the previous periodic pass, per container.
const lastSeen = new WeakMap<Container, Set<number>>();

/**
 * Checks every flash SKU of running or scheduled sales: the ledger against the orders, Redis
 * against the database. Repairs Redis from the database (never the other way round):
 * `always`, or `persistent` — only what differed in the previous pass too, since an order
 * between its gate and its commit differs for a moment by design. Returns what differed.
 */
export async function reconcile(
  container: Container,
  options: { repair: 'always' | 'persistent' | false; flashSaleIds?: number[] },
): Promise<Drift[]> {
  const previous = lastSeen.get(container) ?? new Set<number>();
  const seen = new Set<number>();
  const { db, gate, inventory } = container;
  const sales = options.flashSaleIds ?? (await db.flashSale.findMany({ where: { status: { in: ['SCHEDULED', 'ACTIVE'] } }, select: { id: true } })).map((s) => s.id);
  if (sales.length === 0) return [];
  const skus = await db.flashSku.findMany({
    where: { flashSaleId: { in: sales } },
    select: { id: true, flashStock: true, sold: true, paid: true, released: true },
  });
  const drifts: Drift[] = [];
  for (const sku of skus) {
    const [byStatus, purchases] = await Promise.all([
      Promise.all(
        (['PENDING_PAYMENT', 'PAID', 'CANCELLED', 'EXPIRED'] as const).map(async (status) => {
          const sum = await db.orderItem.aggregate({ where: { flashSkuId: sku.id, order: { status } }, _sum: { quantity: true } });
          return [status, sum._sum.quantity ?? 0] as const;
        }),
      ),
      db.userPurchase.findMany({ where: { flashSkuId: sku.id, quantity: { gt: 0 } }, select: { userId: true, quantity: true } }),
    ]);
    const sums = Object.fromEntries(byStatus) as Record<'PENDING_PAYMENT' | 'PAID' | 'CANCELLED' | 'EXPIRED', number>;
    const soldByOrders = sums.PENDING_PAYMENT + sums.PAID;
    const purchased = purchases.reduce((n, p) => n + p.quantity, 0);
    if (sku.sold !== soldByOrders) drifts.push({ flashSkuId: sku.id, kind: 'ledger', detail: `sold ${sku.sold} ≠ ${soldByOrders} in unpaid and paid orders` });
    if (sku.paid !== sums.PAID) drifts.push({ flashSkuId: sku.id, kind: 'ledger', detail: `paid ${sku.paid} ≠ ${sums.PAID} in paid orders` });
    if (sku.released !== sums.CANCELLED + sums.EXPIRED) drifts.push({ flashSkuId: sku.id, kind: 'ledger', detail: `released ${sku.released} ≠ ${sums.CANCELLED + sums.EXPIRED} in cancelled and expired orders` });
    if (purchased !== sku.sold) drifts.push({ flashSkuId: sku.id, kind: 'ledger', detail: `per-user purchases ${purchased} ≠ sold ${sku.sold}` });
    if (sku.sold > sku.flashStock) drifts.push({ flashSkuId: sku.id, kind: 'ledger', detail: `oversold: sold ${sku.sold} > flash stock ${sku.flashStock}` });

    const remaining = sku.flashStock - sku.sold;
    const redisRemaining = await gate.remaining(sku.id);
    const redisHolds = await gate.holds(sku.id);
    const dbHolds = Object.fromEntries(purchases.map((p) => [p.userId, p.quantity]));
    const canonical = (holds: Record<string, number>) => JSON.stringify(Object.entries(holds).filter(([, q]) => q > 0).sort());
    const holdsDiffer = canonical(redisHolds) !== canonical(dbHolds);
    if (redisRemaining !== remaining || holdsDiffer) {
      drifts.push({
        flashSkuId: sku.id,
        kind: 'redis',
        detail: redisRemaining === undefined ? 'not loaded in Redis' : `Redis remaining ${redisRemaining} vs database ${remaining}${holdsDiffer ? ', per-user holds differ' : ''}`,
      });
      seen.add(sku.id);
      const missing = redisRemaining === undefined;
      if (options.repair === 'always' || (options.repair === 'persistent' && (missing || previous.has(sku.id)))) await inventory.loadGeneration(sku.id);
    }
  }
  lastSeen.set(container, seen);
  if (drifts.length) container.log.warn({ drifts }, `stock reconciliation found ${drifts.length} difference(s)${options.repair ? '; Redis repaired from the database' : ''}`);
  return drifts;
}
