// Writing orders (DESIGN.md §4 step 3). One writer for every order, flash or regular: the
// database function livecart_commit_orders (migration 20261201120000_inventory_owner) checks
// the rules, takes the per-user purchase with its limit, writes the orders, items, outbox
// events and addresses, then takes the stock (inventory's step) — one round trip, on the
// database's clock. Accepted orders of one SKU are group-committed: the ones waiting share one
// call; if the database refuses the group, each order is committed alone (a group of one) so
// every order gets its own answer.
import type { Db } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';
import { AppError } from '@/server/errors';
import type { SessionUser } from '@/server/modules/auth/session';
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


export interface CommitJob {
  user: SessionUser;
  input: CreateOrderInput;
  requestHash: string;
  line: Line;
}

export interface Committed {
  views: OrderView[];
  /** The flash SKU row's gate generation when its stock was taken (null for regular orders). */
  gateGen: number | null;
}

/** The reasons livecart_commit_orders refuses with ('livecart:<REASON>'), as the user's errors. */
const refusals: Record<string, AppError> = {
  SOLD_OUT: new AppError('CONFLICT', 'Sold out', 'SOLD_OUT'),
  LIMIT_REACHED: new AppError('CONFLICT', 'You have reached the purchase limit of this item', 'LIMIT_REACHED'),
  SALE_ENDED: new AppError('PRECONDITION_FAILED', 'The flash sale has ended', 'SALE_ENDED'),
  SALE_NOT_STARTED: new AppError('PRECONDITION_FAILED', 'The flash sale has not started yet', 'SALE_NOT_STARTED'),
  NOT_ON_SALE: new AppError('PRECONDITION_FAILED', 'This item is not on sale in this live room', 'NOT_ON_SALE'),
  ROOM_NOT_LIVE: new AppError('PRECONDITION_FAILED', 'This live room is not live', 'ROOM_NOT_LIVE'),
};
/** Refusals that hold for a whole group alike; the others may differ from order to order. */
const GROUP_WIDE = new Set(['SALE_ENDED', 'SALE_NOT_STARTED', 'NOT_ON_SALE', 'ROOM_NOT_LIVE']);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The database's refusal as an AppError, or undefined for any other failure. */
export function refusalOf(error: unknown): AppError | undefined {
  const reason = /livecart:([A-Z_]+)/.exec(messageOf(error))?.[1];
  return reason ? refusals[reason] : undefined;
}

/** A second order with the same (user, idempotency key): the first one was written. */
export function isDuplicateKey(error: unknown): boolean {
  return /23505|unique constraint/i.test(messageOf(error));
}

/** Commits a group of orders of one line (one SKU, one price) in one call. Throws the database's refusal or error. */
export async function commitOrders(db: Db, jobs: CommitJob[]): Promise<Committed> {
  const { line } = jobs[0]!;
  const liveId = jobs[0]!.input.liveId;
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
  let created: { order_id: number; order_sn: string; created_at: Date; pay_deadline: Date; gate_gen: number | null }[];
  try {
    created = await db.$queryRaw`
      SELECT order_id, order_sn, created_at, pay_deadline, gate_gen FROM livecart_commit_orders(
        ${line.flashSkuId}::int, ${line.perUserLimit}::int, ${liveId}::int, ${line.shopId}::int, ${line.skuId}::int, ${line.spuId}::int,
        ${line.title}::text, ${JSON.stringify(line.specs)}::json, ${line.unitPrice}::int, ${line.payWindowSeconds}::int, ${JSON.stringify(orders)}::jsonb)`;
  } catch (error) {
    throw refusalOf(error) ?? error;
  }
  const bySn = new Map(created.map((o) => [o.order_sn, o]));
  const views = jobs.map((job, i): OrderView => {
    const row = bySn.get(orders[i]!.sn);
    if (!row) throw new Error(`livecart_commit_orders did not return order ${orders[i]!.sn}`);
    const amount = line.unitPrice * job.input.quantity;
    return {
      orderSn: row.order_sn,
      status: 'PENDING_PAYMENT',
      liveId,
      totalAmount: amount,
      payDeadline: row.pay_deadline.toISOString(),
      paidAt: null,
      createdAt: row.created_at.toISOString(),
      sourceChannel: 'live',
      sourceType: job.input.sourceType ?? null,
      trackingCode: job.input.trackingCode ?? null,
      items: [{ skuId: line.skuId, spuId: line.spuId, flashSkuId: line.flashSkuId, title: line.title, specs: line.specs, unitPrice: line.unitPrice, quantity: job.input.quantity, amount }],
    };
  });
  return { views, gateGen: created[0]?.gate_gen ?? null };
}

const MAX_GROUP = 100;
/** Groups of one SKU in their transactions at once: the next gathers while earlier ones commit. */
const MAX_IN_FLIGHT = 3;

type Waiter = { job: CommitJob; resolve: (v: { view: OrderView; gateGen: number | null }) => void; reject: (e: unknown) => void };

/**
 * Queues accepted orders per line (a flash SKU, or a SKU at one price) and commits what has
 * gathered as one group while earlier groups are in their transactions (up to MAX_IN_FLIGHT
 * at once; they overlap their round trips and queue only for the stock row, taken last).
 * Under load the groups grow; alone, an order is a group of one and goes straight through.
 */
export class OrderCommitQueue {
  private readonly queues = new Map<string, Waiter[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly run: <T>(task: () => Promise<T>) => Promise<T>,
    /** Told when a group falls back to single commits, and whether the database refused it or failed. */
    private readonly onFallback: (reason: 'refused' | 'error', error: unknown) => void = () => {},
  ) {}

  submit(job: CommitJob): Promise<{ view: OrderView; gateGen: number | null }> {
    const { line } = job;
    const key = line.flashSkuId ? `f${line.flashSkuId}` : `s${line.skuId}:${line.unitPrice}`;
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(key);
      if (!queue) this.queues.set(key, (queue = []));
      queue.push({ job, resolve, reject });
      this.pump(key);
    });
  }

  /** Starts groups while fewer than MAX_IN_FLIGHT of this line are in their transaction. */
  private pump(key: string) {
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

  private async commit(group: Waiter[]) {
    try {
      const { views, gateGen } = await this.run(() => commitOrders(this.db, group.map((g) => g.job)));
      group.forEach((g, i) => g.resolve({ view: views[i]!, gateGen }));
    } catch (error) {
      const refusal = error instanceof AppError ? error : undefined;
      if (group.length === 1 || (refusal?.reason && GROUP_WIDE.has(refusal.reason))) {
        group.forEach((g) => g.reject(error));
        return;
      }
      // Somebody in the group was refused (stock, a limit, a duplicate key) or the call failed:
      // everyone commits alone and gets their own answer.
      this.onFallback(refusal || isDuplicateKey(error) ? 'refused' : 'error', error);
      await Promise.all(
        group.map((g) => this.run(() => commitOrders(this.db, [g.job])).then(({ views, gateGen }) => g.resolve({ view: views[0]!, gateGen }), g.reject)),
      );
    }
  }
}
