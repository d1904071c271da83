// Inventory owns every stock rule and write (DESIGN.md §3): flash and regular stock, the gate,
// per-user purchases; reserve / commit / release / carve / adjust / return. Other domains call
// it. Where each rule lives:
//   - the gate (reserve, give back, rebuild by generation): this file, gate*.ts and *.lua;
//   - the order's stock step (conditional decrement of flash_sku.sold or goods_sku.stock and the
//     per-user purchase with its limit): the database function livecart_commit_orders, the one
//     writer of orders (migration 20261201120000_inventory_owner), called by orders/order-commit.ts;
//   - carve, return, release, paid, adjust, set: the functions below, inside the caller's
//     transaction where the caller has one;
//   - the invariants (0 <= paid <= sold <= flash_stock, stock >= 0, …): CHECK constraints.
import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import type { Logger } from '@/server/logger';
import type { Metrics } from '@/server/metrics';
import type { PubSub } from '@/server/redis/kv';
import type { GateRejection, ReserveRequest, StockGate } from './gate';
import { SoldOutMemory } from './sold-out-memory';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** A reservation at the gate; gen null when it was taken without one (the gate's store is down). */
export interface Reservation {
  flashSkuId: number;
  userId: number;
  quantity: number;
  gen: number | null;
  duplicate: boolean;
  /** Remaining units as the gate saw them after this reservation (undefined without the gate). */
  remaining: number | undefined;
}

/** Units of a flash SKU that an order gave back (cancel, expiry), with the generation of their row. */
export interface Released {
  flashSkuId: number;
  flashSaleId: number;
  skuId: number;
  quantity: number;
  gen: number;
  /** False once the sale is over: the units went back to the SKU's inventory instead. */
  saleOpen: boolean;
}

const refusals: Record<Exclude<GateRejection, 'NOT_LOADED'>, AppError> = {
  SOLD_OUT: new AppError('CONFLICT', 'Sold out', 'SOLD_OUT'),
  LIMIT_REACHED: new AppError('CONFLICT', 'You have reached the purchase limit of this item', 'LIMIT_REACHED'),
  IDEMPOTENCY_CONFLICT: new AppError('CONFLICT', 'This idempotency key was used for a different order', 'IDEMPOTENCY_CONFLICT'),
};

const REBUILD_LEASE_MS = 5000;
const REBUILD_WAIT_MS = 3000;
/** Without the gate, a SKU the database called sold out is refused here for this long. */
const SOLD_OUT_MEMORY_MS = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Inventory {
  private readonly rebuilding = new Map<number, Promise<void>>();
  private readonly soldOutUntil = new Map<number, number>();
  private readonly soldOut: SoldOutMemory;
  private lastGateError = 0;

  /** fastRefusals false (ORDER_FAST_REFUSALS=off): knownSoldOut never refuses, so the bench can measure what it saves. */
  constructor(private readonly deps: { db: Db; gate: StockGate; log: Logger; metrics: Metrics; pubsub?: PubSub; fastRefusals?: boolean }) {
    this.soldOut = new SoldOutMemory({ gate: deps.gate, pubsub: deps.pubsub, onError: (error) => deps.log.warn({ err: error }, 'sold-out memory: the gate or pub/sub failed') });
    deps.gate.onReconnect(() => {
      void this.rebuildAll().catch((error: unknown) => deps.log.warn({ err: error }, 'rebuilding the stock gates after a Redis reconnect failed'));
    });
  }

  get gate(): StockGate {
    return this.deps.gate;
  }

  // ───────────── the gate ─────────────

  /**
   * True when an attempt on a flash SKU is refused as sold out by this process alone (no Redis,
   * no database): the gate said nothing is left, and this request is not the retry of one of
   * its reservations. See sold-out-memory.ts for why that never refuses a sale.
   */
  knownSoldOut(flashSkuId: number, idempotencyKey: string): boolean {
    if (this.deps.fastRefusals === false) return false;
    const refused = this.soldOut.refuses(flashSkuId, idempotencyKey);
    if (refused) this.deps.metrics.refusedInProcess.inc();
    return refused;
  }

  /**
   * Reserves units of a flash SKU at the gate. A missing gate is rebuilt once (single flight)
   * and the reservation tried again; refusals stay at the gate. Without the gate's store the
   * reservation is left to the database's conditional update (gen null), behind an in-process
   * sold-out flag.
   */
  async reserve(request: ReserveRequest): Promise<Reservation> {
    const { gate } = this.deps;
    const base = { flashSkuId: request.flashSkuId, userId: request.userId, quantity: request.quantity };
    if (gate.available()) {
      try {
        let result = await gate.reserve(request);
        if (!result.ok && result.reason === 'NOT_LOADED') {
          await this.rebuild(request.flashSkuId);
          result = await gate.reserve(request);
        }
        if (result.ok) return { ...base, gen: result.gen, duplicate: result.duplicate, remaining: result.remaining };
        if (result.reason === 'NOT_LOADED') throw new AppError('SERVICE_UNAVAILABLE', 'Stock is being reloaded; try again in a moment', 'UNAVAILABLE');
        if (result.reason === 'SOLD_OUT') {
          this.soldOutUntil.set(request.flashSkuId, Date.now() + SOLD_OUT_MEMORY_MS);
          if (result.remaining <= 0 && this.deps.fastRefusals !== false) this.soldOut.learn(request.flashSkuId);
        }
        throw refusals[result.reason];
      } catch (error) {
        if (error instanceof AppError) throw error;
        this.gateFailed(error);
      }
    }
    if ((this.soldOutUntil.get(request.flashSkuId) ?? 0) > Date.now()) throw refusals.SOLD_OUT;
    this.deps.metrics.gateBypassed.inc();
    return { ...base, gen: null, duplicate: false, remaining: undefined };
  }

  /** The database refused a reservation's order, or its transaction failed: the units go back. */
  async giveBack(reservation: Reservation, options: { forgetKey?: string; refusedFor?: string } = {}) {
    const { flashSkuId, userId, quantity, gen } = reservation;
    if (options.refusedFor === 'SOLD_OUT') this.soldOutUntil.set(flashSkuId, Date.now() + SOLD_OUT_MEMORY_MS);
    if (gen === null) return;
    await this.moveGate(flashSkuId, gen, { stock: quantity, userId, hold: -quantity, forgetKey: options.forgetKey });
    this.soldOut.stockBack(flashSkuId);
    // The gate let through what the database refused: the gate is wrong, rebuild it.
    if (options.refusedFor === 'SOLD_OUT' || options.refusedFor === 'LIMIT_REACHED') this.rebuildSoon(flashSkuId);
  }

  /**
   * After a commit of flash orders: an order reserved in an older generation than the one its
   * commit saw was not counted by the rebuilt gate (the rebuild read the database before the
   * commit): add it now. A reservation of the commit's generation is already counted.
   */
  async committed(flashSkuId: number, commitGen: number, orders: { userId: number; quantity: number; gen: number | null }[]) {
    const missing = orders.filter((o) => o.gen !== commitGen);
    await Promise.all(missing.map((o) => this.moveGate(flashSkuId, commitGen, { stock: -o.quantity, userId: o.userId, hold: o.quantity })));
  }

  /** Units of cancelled or expired orders go back to the gate of their generation. */
  async returned(userId: number, released: Released[]) {
    for (const r of released) {
      this.soldOutUntil.delete(r.flashSkuId);
      if (r.saleOpen) await this.moveGate(r.flashSkuId, r.gen, { stock: r.quantity, userId, hold: -r.quantity });
      this.soldOut.stockBack(r.flashSkuId);
    }
  }

  /** The remaining units as the gate has them (for pushes), or undefined. */
  async gateRemaining(flashSkuId: number): Promise<number | undefined> {
    if (!this.deps.gate.available()) return undefined;
    return this.deps.gate.remaining(flashSkuId).catch(() => undefined);
  }

  /** Rebuilds a SKU's gate from the database, once at a time per process and per deployment. */
  rebuild(flashSkuId: number): Promise<void> {
    let running = this.rebuilding.get(flashSkuId);
    if (!running) {
      running = this.rebuildOnce(flashSkuId).finally(() => this.rebuilding.delete(flashSkuId));
      this.rebuilding.set(flashSkuId, running);
    }
    return running;
  }

  private rebuildSoon(flashSkuId: number) {
    void this.rebuild(flashSkuId).catch((error: unknown) => this.deps.log.warn({ err: error, flashSkuId }, 'stock gate rebuild failed'));
  }

  private async rebuildOnce(flashSkuId: number) {
    const { gate } = this.deps;
    if (!(await gate.lease(flashSkuId, REBUILD_LEASE_MS))) {
      // Another instance is rebuilding it: wait for its result instead of reading the database too.
      const until = Date.now() + REBUILD_WAIT_MS;
      while (Date.now() < until) {
        await sleep(20);
        if ((await gate.remaining(flashSkuId)) !== undefined) return;
      }
      return;
    }
    try {
      await this.loadGeneration(flashSkuId);
    } finally {
      await gate.unlease(flashSkuId).catch(() => undefined);
    }
  }

  /**
   * A new generation of the gate, from the database: under the flash SKU row's lock, take the
   * next generation, read the remaining stock and the per-user purchases, and load them into
   * the gate before the lock is released — so every commit after this one sees the new
   * generation and knows the gate did not count it. A sale that is over has no gate.
   */
  async loadGeneration(flashSkuId: number): Promise<void> {
    const { db, gate } = this.deps;
    await db.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<{ gate_gen: number; flash_stock: number; sold: number; status: string }[]>`
          UPDATE flash_sku fs SET gate_gen = fs.gate_gen + 1 FROM flash_sale s
          WHERE fs.id = ${flashSkuId} AND s.id = fs.flash_sale_id
          RETURNING fs.gate_gen, fs.flash_stock, fs.sold, s.status::text AS status`;
        if (!row) return;
        if (row.status !== 'ACTIVE') {
          await gate.drop(flashSkuId);
          return;
        }
        const purchases = await tx.userPurchase.findMany({ where: { flashSkuId, quantity: { gt: 0 } }, select: { userId: true, quantity: true } });
        await gate.load(flashSkuId, row.gate_gen, row.flash_stock - row.sold, Object.fromEntries(purchases.map((p) => [p.userId, p.quantity])));
        this.deps.metrics.gateRebuilds.inc();
        // The rebuilt gate has what the database has: what a process remembered may be wrong now.
        this.soldOut.stockBack(flashSkuId);
      },
      { maxWait: 10_000, timeout: 15_000 },
    );
  }

  /** After the gate's store came back: every running sale gets a fresh generation; gates of sales that ended meanwhile go. */
  async rebuildAll() {
    const skus = await this.deps.db.flashSku.findMany({
      where: { flashSale: { OR: [{ status: 'ACTIVE' }, { status: { in: ['ENDED', 'CANCELLED'] }, updatedAt: { gt: new Date(Date.now() - 24 * 3600_000) } }] } },
      select: { id: true, flashSale: { select: { status: true } } },
    });
    for (const s of skus) {
      if (s.flashSale.status === 'ACTIVE') await this.rebuild(s.id);
      else await this.deps.gate.drop(s.id).catch(() => undefined);
    }
    if (skus.length) this.deps.log.info({ skus: skus.length }, 'stock gates rebuilt after a Redis reconnect');
  }

  /** Closes the gates of a sale that is over. */
  async closeGates(flashSkuIds: number[]) {
    for (const id of flashSkuIds) {
      this.soldOutUntil.delete(id);
      this.soldOut.stockBack(id);
      await this.deps.gate.drop(id).catch((error: unknown) => this.gateFailed(error));
    }
  }

  private async moveGate(flashSkuId: number, gen: number, change: Parameters<StockGate['move']>[2]) {
    if (!this.deps.gate.available()) return undefined;
    try {
      return await this.deps.gate.move(flashSkuId, gen, change);
    } catch (error) {
      // The next rebuild (on reconnect, or the reconciler) reads the database, which has it.
      this.gateFailed(error);
      return undefined;
    }
  }

  private gateFailed(error: unknown) {
    if (Date.now() - this.lastGateError > 5000) this.deps.log.warn({ err: error }, 'stock gate unavailable: the database decides alone');
    this.lastGateError = Date.now();
  }

  // ───────────── stock writes in the database ─────────────

  /** Carves flash stock out of the SKUs' inventory (a new sale); conditional, so it cannot go negative. */
  async carve(tx: Tx, skus: { skuId: number; flashStock: number }[]) {
    for (const s of skus) {
      const taken = await tx.$executeRaw`UPDATE goods_sku SET stock = stock - ${s.flashStock}, updated_at = now() WHERE id = ${s.skuId} AND stock >= ${s.flashStock}`;
      if (taken !== 1) {
        // The inventory went down since the sale was checked: tell what it is now.
        const sku = await tx.sku.findUniqueOrThrow({ where: { id: s.skuId }, select: { skuCode: true, stock: true } });
        throw new AppError('CONFLICT', `The inventory of SKU ${s.skuId} changed meanwhile; try again`, 'ABOVE_INVENTORY', {
          params: { skuCode: sku.skuCode, flashStock: s.flashStock, stock: sku.stock },
        });
      }
    }
  }

  /** A sale is over: what it did not sell goes back to the SKUs' inventory (rows locked, so no order slips in between). */
  async returnLeftovers(tx: Tx, flashSaleId: number): Promise<number[]> {
    const skus = await tx.$queryRaw<{ id: number; sku_id: number; flash_stock: number; sold: number }[]>`
      SELECT id, sku_id, flash_stock, sold FROM flash_sku WHERE flash_sale_id = ${flashSaleId} ORDER BY id FOR UPDATE`;
    for (const s of skus) {
      const leftover = s.flash_stock - s.sold;
      if (leftover > 0) {
        await tx.$executeRaw`UPDATE goods_sku SET stock = stock + ${leftover}, updated_at = now() WHERE id = ${s.sku_id}`;
        await tx.$executeRaw`UPDATE flash_sku SET flash_stock = sold, updated_at = now() WHERE id = ${s.id}`;
      }
    }
    return skus.map((s) => s.id);
  }

  /**
   * The host moves a flash SKU's stock while its sale runs: up (from the SKU's inventory) or
   * down to what is sold. The gate follows within the generation the row had.
   */
  async adjustFlashStock(row: { id: number; skuId: number; flashStock: number }, flashStock: number, saleActive: boolean) {
    const delta = flashStock - row.flashStock;
    const gen = await this.deps.db.$transaction(async (tx) => {
      const [moved] = await tx.$queryRaw<{ gate_gen: number }[]>`
        UPDATE flash_sku SET flash_stock = ${flashStock}, updated_at = now() WHERE id = ${row.id} AND sold <= ${flashStock} RETURNING gate_gen`;
      if (!moved) {
        const { sold } = await tx.flashSku.findUniqueOrThrow({ where: { id: row.id }, select: { sold: true } });
        throw new AppError('CONFLICT', 'Orders came in meanwhile: the stock is now below what is sold; try again', 'BELOW_SOLD', { params: { sold } });
      }
      const inventory = await tx.$executeRaw`UPDATE goods_sku SET stock = stock - ${delta}, updated_at = now() WHERE id = ${row.skuId} AND stock >= ${delta}`;
      if (inventory !== 1) {
        // The most this flash SKU can hold is what it has plus the SKU's inventory left.
        const sku = await tx.sku.findUniqueOrThrow({ where: { id: row.skuId }, select: { skuCode: true, stock: true } });
        throw new AppError('BAD_REQUEST', `Not enough inventory to add ${delta} units`, 'ABOVE_INVENTORY', {
          params: { skuCode: sku.skuCode, flashStock, stock: row.flashStock + sku.stock },
        });
      }
      return moved.gate_gen;
    });
    if (delta > 0) {
      this.soldOutUntil.delete(row.id);
      this.soldOut.stockBack(row.id);
    }
    if (!saleActive) return;
    // Skipped when the gate is missing or was rebuilt since: the rebuild read the new figure.
    await this.moveGate(row.id, gen, { stock: delta });
  }

  /** Paid orders: their flash units move from held to paid. */
  async markPaid(tx: Tx, items: { flashSkuId: number | null; quantity: number }[]) {
    for (const i of items) if (i.flashSkuId) await tx.$executeRaw`UPDATE flash_sku SET paid = paid + ${i.quantity}, updated_at = now() WHERE id = ${i.flashSkuId}`;
  }

  /**
   * An unpaid order is cancelled or expired: its units go back — to the flash SKU while its
   * sale is open, to the SKU's inventory after it (or for a regular order) — and the buyer's
   * purchase count goes down. Locks user_purchase, then flash_sku, as every writer does.
   */
  async release(tx: Tx, userId: number, items: { skuId: number; flashSkuId: number | null; quantity: number }[]): Promise<Released[]> {
    const released: Released[] = [];
    for (const item of items) {
      if (!item.flashSkuId) {
        await tx.$executeRaw`UPDATE goods_sku SET stock = stock + ${item.quantity}, updated_at = now() WHERE id = ${item.skuId}`;
        continue;
      }
      await tx.$executeRaw`UPDATE user_purchase SET quantity = quantity - ${item.quantity}, updated_at = now() WHERE user_id = ${userId} AND flash_sku_id = ${item.flashSkuId}`;
      const [sku] = await tx.$queryRaw<{ flash_sale_id: number; status: string; gate_gen: number }[]>`
        SELECT fs.flash_sale_id, s.status::text AS status, fs.gate_gen FROM flash_sku fs JOIN flash_sale s ON s.id = fs.flash_sale_id WHERE fs.id = ${item.flashSkuId} FOR UPDATE OF fs`;
      const saleOpen = sku!.status === 'ACTIVE' || sku!.status === 'SCHEDULED';
      if (saleOpen) {
        await tx.$executeRaw`UPDATE flash_sku SET sold = sold - ${item.quantity}, released = released + ${item.quantity}, updated_at = now() WHERE id = ${item.flashSkuId}`;
      } else {
        await tx.$executeRaw`UPDATE flash_sku SET sold = sold - ${item.quantity}, released = released + ${item.quantity}, flash_stock = flash_stock - ${item.quantity}, updated_at = now() WHERE id = ${item.flashSkuId}`;
        await tx.$executeRaw`UPDATE goods_sku SET stock = stock + ${item.quantity}, updated_at = now() WHERE id = ${item.skuId}`;
      }
      released.push({ flashSkuId: item.flashSkuId, flashSaleId: sku!.flash_sale_id, skuId: item.skuId, quantity: item.quantity, gen: sku!.gate_gen, saleOpen });
    }
    return released;
  }

  /** Mid-stream stock of a SKU (the seed's 设置库存): what is still for sale, outside any flash sale. */
  async setStock(db: Db | Tx, skuId: number, stock: number) {
    return db.sku.update({ where: { id: skuId }, data: { stock }, select: { id: true, stock: true } });
  }
}
