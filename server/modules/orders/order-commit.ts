// Writing orders (DESIGN.md §4 step 3): one transaction with the conditional decrement, the
// per-user purchase with its limit, the order and its items, and the outbox event. Accepted
// flash orders are group-committed: the ones waiting for the same flash SKU share one
// transaction (one decrement of the hot row, bulk inserts), and fall back to one transaction
// each if anything in the group is refused, so every order still gets its own answer.
import type { Db } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';
import { AppError } from '@/server/errors';
import type { SessionUser } from '@/server/modules/auth/session';
import { orderEvent } from '@/server/modules/live-stats/order-events';
import type { CreateOrderInput } from './orders.schema';
import { newOrderSn } from './order-sn';

export interface OrderView {
  orderSn: string;
  status: 'PENDING_PAYMENT' | 'PAID' | 'CANCELLED' | 'EXPIRED';
  liveId: number | null;
  totalAmount: number;
  payDeadline: string;
  paidAt: string | null;
  createdAt: string;
  sourceChannel: string;
  sourceType: string | null;
  trackingCode: string | null;
  items: { skuId: number; spuId: number; flashSkuId: number | null; title: string; specs: Record<string, string>; unitPrice: number; quantity: number; amount: number }[];
}

export const orderSelect = {
  orderSn: true,
  status: true,
  liveId: true,
  totalAmount: true,
  payDeadline: true,
  paidAt: true,
  createdAt: true,
  sourceChannel: true,
  sourceType: true,
  trackingCode: true,
  items: { select: { skuId: true, spuId: true, flashSkuId: true, title: true, specs: true, unitPrice: true, quantity: true, amount: true } },
} as const;

export type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderSelect }>;

export function toView(row: OrderRow): OrderView {
  return {
    ...row,
    payDeadline: row.payDeadline.toISOString(),
    paidAt: row.paidAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    items: row.items.map((i) => ({ ...i, specs: i.specs as Record<string, string> })),
  };
}


export interface Line {
  skuId: number;
  spuId: number;
  flashSkuId: number | null;
  title: string;
  specs: Record<string, string>;
  unitPrice: number;
  shopId: number;
  perUserLimit: number | null;
  payWindowSeconds: number;
}


/** The one transaction of an order (DESIGN.md §4 step 3). The database refuses an oversell even if Redis is wrong. */
export async function commitOrder(db: Db, user: SessionUser, input: CreateOrderInput, requestHash: string, line: Line): Promise<OrderView> {
  const amount = line.unitPrice * input.quantity;
  const now = new Date();
  const row = await db.$transaction(
    async (tx) => {
      if (line.flashSkuId) {
        // Lock order as in commitFlashGroup: user_purchase, address, then the flash SKU's row last.
        const within = await tx.$executeRaw`
          INSERT INTO user_purchase (user_id, flash_sku_id, quantity, updated_at) VALUES (${user.id}, ${line.flashSkuId}, ${input.quantity}, now())
          ON CONFLICT (user_id, flash_sku_id) DO UPDATE SET quantity = user_purchase.quantity + EXCLUDED.quantity, updated_at = now()
          WHERE user_purchase.quantity + EXCLUDED.quantity <= ${line.perUserLimit}`;
        if (within !== 1) throw new AppError('CONFLICT', 'You have reached the purchase limit of this item', 'LIMIT_REACHED');
      } else {
        const taken = await tx.$executeRaw`UPDATE goods_sku SET stock = stock - ${input.quantity}, updated_at = now() WHERE id = ${line.skuId} AND stock >= ${input.quantity}`;
        if (taken !== 1) throw new AppError('CONFLICT', 'Sold out', 'SOLD_OUT');
      }
      const pin = await tx.livePinSegment.findFirst({ where: { liveId: input.liveId, endedAt: null }, select: { id: true } });
      const created = await tx.order.create({
        data: {
          orderSn: newOrderSn(now),
          userId: user.id,
          shopId: line.shopId,
          liveId: input.liveId,
          sourceChannel: 'live',
          sourceType: input.sourceType ?? null,
          trackingCode: input.trackingCode ?? null,
          traceId: input.traceId ?? null,
          pinSegmentId: pin?.id ?? null,
          totalAmount: amount,
          idempotencyKey: input.idempotencyKey,
          requestHash,
          address: input.address,
          payDeadline: new Date(now.getTime() + line.payWindowSeconds * 1000),
          items: { create: { skuId: line.skuId, spuId: line.spuId, flashSkuId: line.flashSkuId, title: line.title, specs: line.specs, unitPrice: line.unitPrice, quantity: input.quantity, amount } },
        },
        select: orderSelect,
      });
      await tx.outboxEvent.create({ data: orderEvent('OrderCreatedEvent', { ...created, userId: user.id, pinSegmentId: pin?.id ?? null }) });
      await tx.address.upsert({ where: { userId: user.id }, create: { userId: user.id, ...input.address }, update: input.address });
      if (line.flashSkuId) {
        const taken = await tx.$executeRaw`UPDATE flash_sku SET sold = sold + ${input.quantity}, updated_at = now() WHERE id = ${line.flashSkuId} AND sold + ${input.quantity} <= flash_stock`;
        if (taken !== 1) throw new AppError('CONFLICT', 'Sold out', 'SOLD_OUT');
      }
      return created;
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
  return toView(row);
}


export interface CommitJob {
  user: SessionUser;
  input: CreateOrderInput;
  requestHash: string;
  line: Line;
}

/**
 * One statement for several accepted orders of the same flash SKU: the database function
 * livecart_commit_flash_group (prisma/migrations/20261124150000_commit_flash_group) writes the
 * purchases, orders, items, outbox events and addresses, then takes the stock — in one round
 * trip, atomically. It raises when the database refuses any part (stock, a limit, a duplicate
 * key): the caller then commits the orders one by one, and each gets its own answer.
 */
export async function commitFlashGroup(db: Db, jobs: CommitJob[]): Promise<OrderView[]> {
  const first = jobs[0]!;
  const { line } = first;
  const liveId = first.input.liveId;
  const now = new Date();
  const orders = jobs.map((j) => ({
    sn: newOrderSn(now),
    uid: j.user.id,
    qty: j.input.quantity,
    st: j.input.sourceType ?? null,
    tc: j.input.trackingCode ?? null,
    tr: j.input.traceId ?? null,
    ik: j.input.idempotencyKey,
    rh: j.requestHash,
    addr: j.input.address,
  }));
  const created = await db.$queryRaw<{ order_id: number; order_sn: string; created_at: Date; pay_deadline: Date }[]>`
    SELECT order_id, order_sn, created_at, pay_deadline FROM livecart_commit_flash_group(
      ${line.flashSkuId}::int, ${line.perUserLimit}::int, ${liveId}::int, ${line.shopId}::int, ${line.skuId}::int, ${line.spuId}::int,
      ${line.title}::text, ${JSON.stringify(line.specs)}::json, ${line.unitPrice}::int, ${line.payWindowSeconds}::int, ${JSON.stringify(orders)}::jsonb)`;
  const bySn = new Map(created.map((o) => [o.order_sn, o]));
  const rows = jobs.map((job, i) => {
    const row = bySn.get(orders[i]!.sn);
    if (!row) throw new Error(`livecart_commit_flash_group did not return order ${orders[i]!.sn}`);
    return { job, ...row };
  });
  return rows.map((r): OrderView => ({
    orderSn: r.order_sn,
    status: 'PENDING_PAYMENT',
    liveId,
    totalAmount: line.unitPrice * r.job.input.quantity,
    payDeadline: r.pay_deadline.toISOString(),
    paidAt: null,
    createdAt: r.created_at.toISOString(),
    sourceChannel: 'live',
    sourceType: r.job.input.sourceType ?? null,
    trackingCode: r.job.input.trackingCode ?? null,
    items: [
      {
        skuId: line.skuId,
        spuId: line.spuId,
        flashSkuId: line.flashSkuId,
        title: line.title,
        specs: line.specs,
        unitPrice: line.unitPrice,
        quantity: r.job.input.quantity,
        amount: line.unitPrice * r.job.input.quantity,
      },
    ],
  }));
}

/** The database said no to the group as a whole: livecart_commit_flash_group's RAISE, or a duplicate key. */
function isRefusal(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /livecart: (sold out|purchase limit)|23505|unique constraint/i.test(text);
}

const MAX_GROUP = 100;
/** Groups of one SKU in their transactions at once: the next gathers while earlier ones commit. */
const MAX_IN_FLIGHT = 3;

/**
 * Queues accepted flash orders per flash SKU and commits what has gathered as one group while
 * earlier groups are in their transactions (up to MAX_IN_FLIGHT at once; they overlap their
 * round trips and queue only for the flash SKU's row, taken last). Under load the groups grow;
 * alone, an order is a group of one and goes straight through.
 */
export class FlashCommitQueue {
  private readonly queues = new Map<number, { job: CommitJob; resolve: (v: OrderView) => void; reject: (e: unknown) => void }[]>();
  private readonly inFlight = new Map<number, number>();

  constructor(
    private readonly db: Db,
    private readonly run: <T>(task: () => Promise<T>) => Promise<T>,
    /** Told when a group falls back to single commits, and whether the database refused it or failed. */
    private readonly onFallback: (reason: 'refused' | 'error', error: unknown) => void = () => {},
  ) {}

  submit(job: CommitJob): Promise<OrderView> {
    const key = job.line.flashSkuId!;
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(key);
      if (!queue) this.queues.set(key, (queue = []));
      queue.push({ job, resolve, reject });
      this.pump(key);
    });
  }

  /** Starts groups while fewer than MAX_IN_FLIGHT of this SKU are in their transaction. */
  private pump(key: number) {
    const queue = this.queues.get(key);
    let running = this.inFlight.get(key) ?? 0;
    while (queue && queue.length > 0 && running < MAX_IN_FLIGHT) {
      const group = queue.splice(0, MAX_GROUP);
      this.inFlight.set(key, (running += 1));
      void this.commit(group).finally(() => {
        const left = (this.inFlight.get(key) ?? 1) - 1;
        if (left === 0) this.inFlight.delete(key);
        else this.inFlight.set(key, left);
        if (queue.length === 0 && left === 0) this.queues.delete(key);
        else this.pump(key);
      });
    }
  }

  private async commit(group: { job: CommitJob; resolve: (v: OrderView) => void; reject: (e: unknown) => void }[]) {
    try {
      const views = await this.run(() => (group.length === 1 ? commitOne(this.db, group[0]!.job) : commitFlashGroup(this.db, group.map((g) => g.job))));
      group.forEach((g, i) => g.resolve(views[i]!));
    } catch (error) {
      if (group.length > 1) {
        // Somebody in the group was refused (stock, a limit, a duplicate key, a database error):
        // everyone commits alone and gets their own answer.
        this.onFallback(isRefusal(error) ? 'refused' : 'error', error);
        await Promise.all(group.map((g) => this.run(() => commitOrder(this.db, g.job.user, g.job.input, g.job.requestHash, g.job.line)).then(g.resolve, g.reject)));
      } else {
        group.forEach((g) => g.reject(error));
      }
    }
  }
}

async function commitOne(db: Db, job: CommitJob): Promise<OrderView[]> {
  return [await commitOrder(db, job.user, job.input, job.requestHash, job.line)];
}
