// Orders (the seed's 订单服务: price from the goods service → deduct stock → create the order),
// following DESIGN.md §4: server price; the stock gate (one atomic step per flash SKU) before
// any write; one transaction with the conditional decrement, the per-user purchase, the order
// and its outbox event; the reservation given back if the transaction fails.
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import type { SessionUser } from '@/server/modules/auth/session';
import { getFlashMeta, type FlashSkuMeta } from '@/server/modules/inventory/flash-meta';
import type { Reservation } from '@/server/modules/inventory/inventory.service';
import { coalesce } from '@/server/realtime/coalesce';
import type { AddressInput, CreateOrderInput } from './orders.schema';
import { isDuplicateKey, OrderCommitQueue, orderSelect, toView, type Line, type OrderView } from './order-commit';
import { maskBuyer } from './order-sn';
import { limitOrderAttempts } from './rate-limit';
import { OUTBOX_WAKE_CHANNEL, orderEvent } from '@/server/modules/live-stats/order-events';
import { inSpan } from '@/server/tracing';

const REGULAR_PAY_WINDOW_SECONDS = 30 * 60;
// Paying and cancelling wait for the SKU rows a burst of orders holds: give them the burst's time.
const ORDER_TX = { maxWait: 10_000, timeout: 15_000 };
const expiryTimer = (orderSn: string) => `order:${orderSn}:expire`;

// Per container: how many order transactions may wait on the database at once. More would
// only queue inside the pool (and time out there) instead of here.
const committers = new WeakMap<Container, ReturnType<typeof pLimit>>();
function committer(container: Container) {
  let limit = committers.get(container);
  if (!limit) committers.set(container, (limit = pLimit(container.database.target.kind === 'pglite' ? 1 : 16)));
  return limit;
}

const commitQueues = new WeakMap<Container, OrderCommitQueue>();
function commitQueue(container: Container) {
  let queue = commitQueues.get(container);
  if (!queue) {
    const onFallback = (reason: 'refused' | 'error', error: unknown) => {
      container.metrics.groupFallbacks.inc({ reason });
      // Refusals are business as usual; anything else means every burst now costs one
      // transaction per order.
      if (reason === 'error') container.log.warn({ err: error }, 'group commit failed; committing its orders one by one');
    };
    const limit = committer(container);
    const { orderCommits } = container.metrics;
    // Every call of the order writer is one database transaction: counted by outcome.
    const run = <T>(task: () => Promise<T>) =>
      limit(async () => {
        try {
          const result = await task();
          orderCommits.inc({ result: 'committed' });
          return result;
        } catch (error) {
          orderCommits.inc({ result: error instanceof AppError ? 'refused' : 'failed' });
          throw error;
        }
      });
    commitQueues.set(container, (queue = new OrderCommitQueue(container.db, run, onFallback)));
  }
  return queue;
}

// Flash stock as it drops (server/realtime/routes.ts coalesces it to ≤ 10/s per SKU).
function pushStock(container: Container, payload: { liveId: number; flashSaleId: number; flashSkuId: number; skuId: number; remaining: number }) {
  container.realtime.publish('stock:changed', { ...payload, seq: Date.now() });
}

// The cart's preheated list follows stock, ≤ 1/s per room, without a new goods version:
// clients apply the pushed figures, nobody refetches the room.
function refreshRoomSoon(container: Container, liveId: number) {
  container.roomStock.moved(liveId);
}

/** The hash an idempotency key is held to: the same key with another body is a conflict. */
export function requestHashOf(input: CreateOrderInput): string {
  const { idempotencyKey: _key, ...body } = input;
  const canonical = JSON.stringify(body, Object.keys(body).sort());
  return createHash('sha256').update(JSON.stringify([canonical, body.address])).digest('hex');
}

async function existingOrder(db: Db, userId: number, idempotencyKey: string) {
  return db.order.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } }, select: { ...orderSelect, requestHash: true } });
}

/** A repeat of an earlier request: the same answer, or a conflict when the body differs. */
async function replay(db: Db, userId: number, input: CreateOrderInput, requestHash: string, waitMs = 5000): Promise<OrderView | null> {
  const until = Date.now() + waitMs;
  for (;;) {
    const row = await existingOrder(db, userId, input.idempotencyKey);
    if (row) {
      if (row.requestHash !== requestHash) throw new AppError('CONFLICT', 'This idempotency key was used for a different order', 'IDEMPOTENCY_CONFLICT');
      const { requestHash: _h, ...view } = row;
      return toView(view);
    }
    // The first request with this key may still be committing.
    if (Date.now() >= until) return null;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function checkWindow(meta: FlashSkuMeta, now: number) {
  if (meta.status === 'ENDED' || meta.status === 'CANCELLED' || now >= meta.endsAt) throw new AppError('PRECONDITION_FAILED', 'The flash sale has ended', 'SALE_ENDED');
  if (!meta.roomLive) throw new AppError('PRECONDITION_FAILED', 'This live room is not live', 'ROOM_NOT_LIVE');
  if (meta.status !== 'ACTIVE' || now < meta.startsAt) throw new AppError('PRECONDITION_FAILED', 'The flash sale has not started yet', 'SALE_NOT_STARTED');
  if (!meta.onSale) throw new AppError('PRECONDITION_FAILED', 'This item is not on sale in this live room', 'NOT_ON_SALE');
}

const SOLD_OUT = new AppError('CONFLICT', 'Sold out', 'SOLD_OUT');

export async function createOrder(container: Container, user: SessionUser, ip: string, input: CreateOrderInput): Promise<OrderView> {
  const { orderAttempts } = container.metrics;
  try {
    // A flash SKU this process knows is sold out is refused here, before the rate limiter and
    // the gate: in a storm, most attempts come after the last unit and cost no round trip.
    if (input.flashSkuId && container.inventory.knownSoldOut(input.flashSkuId, input.idempotencyKey)) throw SOLD_OUT;
    await limitOrderAttempts(container, user.id, ip);
    const requestHash = requestHashOf(input);
    const order = input.flashSkuId ? await createFlashOrder(container, user, input, requestHash) : await createRegularOrder(container, user, input, requestHash);
    orderAttempts.inc({ result: 'accepted' });
    return order;
  } catch (error) {
    orderAttempts.inc({ result: error instanceof AppError ? (error.reason ?? error.code) : 'ERROR' });
    throw error;
  }
}

async function createFlashOrder(container: Container, user: SessionUser, input: CreateOrderInput, requestHash: string): Promise<OrderView> {
  const { db, inventory } = container;
  const meta = await getFlashMeta(container, input.flashSkuId!);
  if (meta.liveId !== input.liveId || meta.skuId !== input.skuId) throw new AppError('BAD_REQUEST', `Flash SKU ${meta.flashSkuId} is not SKU ${input.skuId} of live room ${input.liveId}`, 'UNKNOWN_SKU');
  checkWindow(meta, Date.now());
  if (input.quantity > meta.perUserLimit) throw new AppError('BAD_REQUEST', `At most ${meta.perUserLimit} per person`, 'ABOVE_LIMIT', { params: { limit: meta.perUserLimit } });

  const timeGate = container.metrics.gateSeconds.startTimer();
  let reservation: Reservation & { takenOver?: boolean };
  try {
    reservation = await inSpan('order.gate', { 'livecart.flash_sku_id': meta.flashSkuId }, () =>
      inventory.reserve({ flashSkuId: meta.flashSkuId, userId: user.id, quantity: input.quantity, perUserLimit: meta.perUserLimit, idempotencyKey: input.idempotencyKey, requestHash }),
    );
  } catch (error) {
    // Without the gate (Redis away) "sold out" comes from a flag that knows no keys: the retry of
    // an order taken before is answered with that order, not with "sold out".
    if (error instanceof AppError && error.reason === 'SOLD_OUT' && !inventory.gate.available()) {
      const earlier = await replay(db, user.id, input, requestHash, 0);
      if (earlier) return earlier;
    }
    throw error;
  } finally {
    timeGate();
  }
  if (reservation.duplicate) {
    const earlier = await replay(db, user.id, input, requestHash);
    if (earlier) return earlier;
    // The first request with this key reserved its units but never wrote its order (its
    // instance died between the gate and the commit): this request takes the reservation over.
    // Were the first still committing, one of the two commits meets the other's order by its key.
    reservation = { ...reservation, duplicate: false, takenOver: true };
  }

  const line: Line = { skuId: meta.skuId, spuId: meta.spuId, flashSkuId: meta.flashSkuId, title: meta.title, specs: meta.specs, unitPrice: meta.flashPrice, shopId: meta.shopId, perUserLimit: meta.perUserLimit, payWindowSeconds: meta.payWindowSeconds };
  let order: OrderView;
  try {
    const { view, gateGen } = await inSpan('order.commit', { 'livecart.flash_sku_id': meta.flashSkuId }, () => commitQueue(container).submit({ user, input, requestHash, line }));
    order = view;
    if (gateGen !== null) await inventory.committed(meta.flashSkuId, gateGen, [{ userId: user.id, quantity: input.quantity, gen: reservation.gen }]);
  } catch (error) {
    return settleFailedCommit(container, user, input, requestHash, reservation, error);
  }
  const remaining = reservation.remaining ?? (await inventory.gateRemaining(meta.flashSkuId));
  afterCreated(container, user, order, remaining === undefined ? null : { liveId: meta.liveId, flashSaleId: meta.flashSaleId, flashSkuId: meta.flashSkuId, skuId: meta.skuId, remaining });
  return order;
}

/**
 * The commit did not answer with the order: a refusal (the units go back to the gate), a
 * duplicate key (the first request's order is the answer), or a failure of the database. After
 * a failure the order may still have been written (the connection died after COMMIT): if it
 * is there, it is the answer; if it is not, the units go back; if the database cannot tell,
 * the gate keeps them until the next rebuild reads the truth.
 */
async function settleFailedCommit(container: Container, user: SessionUser, input: CreateOrderInput, requestHash: string, reservation: (Reservation & { takenOver?: boolean }) | null, error: unknown): Promise<OrderView> {
  const { inventory, db } = container;
  if (error instanceof AppError) {
    if (reservation) await inventory.giveBack(reservation, { forgetKey: input.idempotencyKey, refusedFor: error.reason });
    throw error;
  }
  if (isDuplicateKey(error)) {
    // An order with this key is there already: it is the answer. Units reserved for this request
    // were not used by it — unless they were the first request's, taken over.
    if (reservation && !reservation.takenOver) await inventory.giveBack(reservation);
    const earlier = await replay(db, user.id, input, requestHash, 0);
    if (earlier) return earlier;
    throw new AppError('CONFLICT', 'The first request with this idempotency key is still being processed; retry shortly', 'IN_PROGRESS');
  }
  let earlier: OrderView | null;
  try {
    earlier = await replay(db, user.id, input, requestHash, 0);
  } catch (replayError) {
    container.log.warn({ err: replayError }, 'could not tell whether a failed order commit was written');
    if (reservation && reservation.gen !== null) void inventory.rebuild(reservation.flashSkuId).catch(() => undefined);
    throw new AppError('SERVICE_UNAVAILABLE', 'The order could not be confirmed; try again in a moment', 'UNAVAILABLE');
  }
  // Written after all (the connection died after COMMIT): this request's order.
  if (earlier) return earlier;
  if (reservation) await inventory.giveBack(reservation, { forgetKey: input.idempotencyKey });
  container.log.error({ err: error }, 'order commit failed');
  throw new AppError('SERVICE_UNAVAILABLE', 'The order could not be saved; try again in a moment', 'UNAVAILABLE');
}

async function createRegularOrder(container: Container, user: SessionUser, input: CreateOrderInput, requestHash: string): Promise<OrderView> {
  const { db } = container;
  const earlier = await replay(db, user.id, input, requestHash, 0);
  if (earlier) return earlier;
  const sku = await db.sku.findUnique({
    where: { id: input.skuId },
    select: { id: true, spuId: true, specs: true, price: true, spu: { select: { title: true, shopId: true, status: true } } },
  });
  if (!sku || sku.spu.status !== 'ACTIVE') throw new AppError('NOT_FOUND', `SKU ${input.skuId} does not exist`);
  // Whether it is on sale in this room (shelf, room open) is checked by the commit itself.
  const line: Line = { skuId: sku.id, spuId: sku.spuId, flashSkuId: null, title: sku.spu.title, specs: sku.specs as Record<string, string>, unitPrice: sku.price, shopId: sku.spu.shopId, perUserLimit: null, payWindowSeconds: REGULAR_PAY_WINDOW_SECONDS };
  let order: OrderView;
  try {
    order = (await inSpan('order.commit', { 'livecart.sku_id': sku.id }, () => commitQueue(container).submit({ user, input, requestHash, line }))).view;
  } catch (error) {
    return settleFailedCommit(container, user, input, requestHash, null, error);
  }
  afterCreated(container, user, order, null);
  return order;
}


// Tells the outbox relays (every instance) that events are waiting: one message per 20 ms at
// most, however many orders came in meanwhile.
const wakers = new WeakMap<Container, ReturnType<typeof coalesce<number>>>();
function wakeRelays(container: Container) {
  let waker = wakers.get(container);
  if (!waker) {
    waker = coalesce(20, () => void container.kv.pubsub.publish(OUTBOX_WAKE_CHANNEL, 1).catch((error: unknown) => container.log.warn({ err: error }, 'outbox wake failed')));
    wakers.set(container, waker);
  }
  waker.push('wake', 1);
}

function afterCreated(container: Container, user: SessionUser, order: OrderView, flash: { liveId: number; flashSaleId: number; flashSkuId: number; skuId: number; remaining: number } | null) {
  const { realtime, timers, log } = container;
  const liveId = order.liveId!;
  const item = order.items[0]!;
  wakeRelays(container);
  // "Someone just bought" for viewers: the latest buyer, ≤ 4/s per room (routes.ts) — a phone
  // cannot show more, and a storm must not become a push per order to every viewer.
  realtime.publish('order:ticker', { liveId, buyer: maskBuyer(user.name), title: item.title, quantity: item.quantity, at: order.createdAt });
  realtime.publish('order:updated', { liveId, orderSn: order.orderSn, status: order.status, buyer: user.name, amount: order.totalAmount, quantity: item.quantity, title: item.title, at: order.createdAt });
  // The figure is read again from the gate as it is pushed: the reservation's own figure is as old
  // as the reservation, and orders of a burst commit out of order — pushed, it could take the
  // displayed stock back up. Read in order, pushed in order (off the order's reply path).
  if (flash) {
    void container.inventory
      .gateRemaining(flash.flashSkuId)
      .then((now) => pushStock(container, { ...flash, remaining: now ?? flash.remaining }))
      .catch((error: unknown) => log.warn({ err: error }, 'stock push failed'));
  }
  refreshRoomSoon(container, liveId);
  // With a worker (BACKGROUND_WORK=worker) its sweep expires the order, within a second of its deadline.
  if (container.env.BACKGROUND_WORK === 'here') timers.at(expiryTimer(order.orderSn), Date.parse(order.payDeadline), () => expireOrder(container, order.orderSn), (error) => log.error({ err: error, orderSn: order.orderSn }, 'order expiry failed'));
}

/** Simulated payment: only the buyer, only before the deadline. */
export async function payOrder(container: Container, user: SessionUser, orderSn: string): Promise<OrderView> {
  const { db, realtime, timers } = container;
  const paid = await db.$transaction(async (tx) => {
    const moved = await tx.$executeRaw`UPDATE live_order SET status = 'PAID', paid_at = now(), updated_at = now() WHERE order_sn = ${orderSn} AND user_id = ${user.id} AND status = 'PENDING_PAYMENT' AND pay_deadline > now()`;
    if (moved !== 1) return null;
    const items = await tx.orderItem.findMany({ where: { order: { orderSn } }, select: { flashSkuId: true, quantity: true } });
    await container.inventory.markPaid(tx, items);
    const order = await tx.order.findUniqueOrThrow({ where: { orderSn }, select: { ...orderSelect, userId: true, pinSegmentId: true } });
    await tx.outboxEvent.create({ data: orderEvent('OrderPaidEvent', order) });
    return order;
  }, ORDER_TX);
  if (!paid) {
    const order = await db.order.findUnique({ where: { orderSn }, select: { userId: true, status: true } });
    if (!order || order.userId !== user.id) throw new AppError('NOT_FOUND', `Order ${orderSn} does not exist`);
    if (order.status === 'PAID') throw new AppError('PRECONDITION_FAILED', 'This order is already paid', 'ALREADY_PAID');
    // Still pending here means its time to pay ran out (the expiry timer has not run yet).
    throw new AppError('PRECONDITION_FAILED', order.status === 'PENDING_PAYMENT' ? 'The time to pay has run out' : `This order was ${order.status.toLowerCase()}`, 'NOT_PAYABLE', {
      params: { status: order.status === 'PENDING_PAYMENT' ? 'EXPIRED' : order.status },
    });
  }
  timers.cancel(expiryTimer(orderSn));
  wakeRelays(container);
  const { userId: _u, pinSegmentId: _p, ...paidView } = paid;
  const view = toView(paidView);
  const item = view.items[0]!;
  realtime.publish('order:updated', { liveId: view.liveId!, orderSn, status: 'PAID', buyer: user.name, amount: view.totalAmount, quantity: item.quantity, title: item.title, at: new Date().toISOString() });
  return view;
}

/**
 * Cancels an unpaid order (the buyer) or expires it (its deadline passed): the stock goes back
 * to the flash SKU — or to the SKU's inventory — and to the gate, and viewers see it.
 */
async function releaseOrder(container: Container, orderSn: string, to: 'CANCELLED' | 'EXPIRED', byUserId: number | null): Promise<OrderView | null> {
  const { db, inventory, realtime, timers } = container;
  const result = await db.$transaction(async (tx) => {
    const moved =
      to === 'EXPIRED'
        ? await tx.$executeRaw`UPDATE live_order SET status = 'EXPIRED', cancelled_at = now(), cancel_reason = 'pay_timeout', updated_at = now() WHERE order_sn = ${orderSn} AND status = 'PENDING_PAYMENT' AND pay_deadline <= now()`
        : await tx.$executeRaw`UPDATE live_order SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = 'buyer', updated_at = now() WHERE order_sn = ${orderSn} AND user_id = ${byUserId} AND status = 'PENDING_PAYMENT'`;
    if (moved !== 1) return null;
    const order = await tx.order.findUniqueOrThrow({ where: { orderSn }, select: { ...orderSelect, userId: true, pinSegmentId: true, user: { select: { displayName: true } } } });
    await tx.outboxEvent.create({ data: orderEvent('OrderCancelledEvent', order) });
    const released = await inventory.release(tx, order.userId, order.items);
    return { order, released };
  }, ORDER_TX);
  if (!result) return null;
  const { order, released } = result;
  timers.cancel(expiryTimer(orderSn));
  wakeRelays(container);
  // The idempotency key stays: a retry of the same request gets this (cancelled) order back.
  await inventory.returned(order.userId, released);
  for (const r of released) {
    if (!r.saleOpen) continue;
    const remaining = await inventory.gateRemaining(r.flashSkuId);
    if (remaining !== undefined) pushStock(container, { liveId: order.liveId!, flashSaleId: r.flashSaleId, flashSkuId: r.flashSkuId, skuId: r.skuId, remaining });
  }
  const { userId: _u, pinSegmentId: _p, user: _user, ...orderView } = order;
  const view = toView(orderView);
  const item = view.items[0]!;
  realtime.publish('order:updated', { liveId: view.liveId!, orderSn, status: to, buyer: order.user.displayName, amount: view.totalAmount, quantity: item.quantity, title: item.title, at: new Date().toISOString() });
  refreshRoomSoon(container, view.liveId!);
  return view;
}

export async function cancelOrder(container: Container, user: SessionUser, orderSn: string): Promise<OrderView> {
  const view = await releaseOrder(container, orderSn, 'CANCELLED', user.id);
  if (view) return view;
  const order = await container.db.order.findUnique({ where: { orderSn }, select: { userId: true, status: true } });
  if (!order || order.userId !== user.id) throw new AppError('NOT_FOUND', `Order ${orderSn} does not exist`);
  throw new AppError('PRECONDITION_FAILED', `Only unpaid orders can be cancelled; this one is ${order.status.toLowerCase().replace('_', ' ')}`, 'NOT_CANCELLABLE', { params: { status: order.status } });
}

/** Runs at the order's pay-by deadline (its timer), and for any order found overdue at start. */
export function expireOrder(container: Container, orderSn: string) {
  return releaseOrder(container, orderSn, 'EXPIRED', null);
}

/** At start: arm the deadline of every unpaid order; overdue ones expire at once. */
export async function restoreOrderTimers(container: Container) {
  const pending = await container.db.order.findMany({ where: { status: 'PENDING_PAYMENT' }, select: { orderSn: true, payDeadline: true } });
  for (const o of pending) {
    container.timers.at(expiryTimer(o.orderSn), o.payDeadline, () => expireOrder(container, o.orderSn), (error) => container.log.error({ err: error, orderSn: o.orderSn }, 'order expiry failed'));
  }
  return pending.length;
}

/**
 * Safety net for deadlines whose timer lived in a process that is gone (another instance that
 * stopped): expires what is overdue. Each order's own timer normally does it on time.
 */
export async function expireOverdueOrders(container: Container, graceMs = 2000) {
  const overdue = await container.db.order.findMany({
    where: { status: 'PENDING_PAYMENT', payDeadline: { lt: new Date(Date.now() - graceMs) } },
    select: { orderSn: true },
    take: 500,
  });
  for (const o of overdue) await expireOrder(container, o.orderSn);
  return overdue.length;
}

export async function listMyOrders(db: Db, userId: number) {
  const rows = await db.order.findMany({ where: { userId }, select: orderSelect, orderBy: { id: 'desc' }, take: 100 });
  return rows.map(toView);
}

export async function getMyOrder(db: Db, userId: number, orderSn: string) {
  const row = await db.order.findUnique({ where: { orderSn }, select: { ...orderSelect, userId: true } });
  // Another viewer's order looks the same as a missing one.
  if (!row || row.userId !== userId) throw new AppError('NOT_FOUND', `Order ${orderSn} does not exist`);
  const { userId: _u, ...view } = row;
  return toView(view);
}

/** The desk's order list: the room's newest orders, buyers by name (hosts and ops only). */
export async function listRoomOrders(db: Db, shopId: number | null, liveId: number, limit: number) {
  const room = await db.liveSession.findUnique({ where: { id: liveId }, select: { shopId: true } });
  if (!room || (shopId !== null && room.shopId !== shopId)) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist in your shop`);
  const rows = await db.order.findMany({
    where: { liveId },
    select: { orderSn: true, status: true, totalAmount: true, createdAt: true, user: { select: { displayName: true } }, items: { select: { title: true, quantity: true } } },
    orderBy: { id: 'desc' },
    take: limit,
  });
  return rows.map((r) => ({ orderSn: r.orderSn, status: r.status, buyer: r.user.displayName, amount: r.totalAmount, quantity: r.items[0]?.quantity ?? 0, title: r.items[0]?.title ?? '', at: r.createdAt.toISOString() }));
}

export async function getMyAddress(db: Db, userId: number): Promise<AddressInput | null> {
  return db.address.findUnique({ where: { userId }, select: { name: true, phone: true, region: true, detail: true } });
}

/**
 * The order confirm page's figures, all from the server: the price (flash while a sale runs),
 * the limit and what the viewer already holds, the stock left.
 */
export async function quote(container: Container, userId: number, input: { liveId: number; skuId: number }) {
  const { db } = container;
  const sku = await db.sku.findUnique({ where: { id: input.skuId }, select: { id: true, spuId: true, specs: true, price: true, stock: true, spu: { select: { title: true, images: true, status: true } } } });
  if (!sku || sku.spu.status !== 'ACTIVE') throw new AppError('NOT_FOUND', `SKU ${input.skuId} does not exist`);
  const placement = await db.liveRoomGoods.findFirst({ where: { liveId: input.liveId, spuId: sku.spuId, onShelf: true, live: { status: { in: ['SCHEDULED', 'LIVE'] } } }, select: { id: true } });
  if (!placement) throw new AppError('NOT_FOUND', `SKU ${input.skuId} is not on sale in live room ${input.liveId}`);
  const now = new Date();
  const flash = await db.flashSku.findFirst({
    where: { skuId: sku.id, flashSale: { liveId: input.liveId, roomGoodsId: placement.id, status: 'ACTIVE', startsAt: { lte: now }, endsAt: { gt: now } } },
    select: { id: true, flashPrice: true, flashStock: true, sold: true, perUserLimit: true, flashSale: { select: { id: true, endsAt: true, payWindowSeconds: true } } },
  });
  const held = flash ? ((await db.userPurchase.findUnique({ where: { userId_flashSkuId: { userId, flashSkuId: flash.id } }, select: { quantity: true } }))?.quantity ?? 0) : 0;
  return {
    skuId: sku.id,
    spuId: sku.spuId,
    title: sku.spu.title,
    image: sku.spu.images[0] ?? null,
    specs: sku.specs as Record<string, string>,
    price: sku.price,
    flash: flash
      ? { flashSkuId: flash.id, flashSaleId: flash.flashSale.id, flashPrice: flash.flashPrice, perUserLimit: flash.perUserLimit, alreadyBought: held, remaining: flash.flashStock - flash.sold, endsAt: flash.flashSale.endsAt.toISOString(), payWindowSeconds: flash.flashSale.payWindowSeconds }
      : null,
    unitPrice: flash ? flash.flashPrice : sku.price,
    maxQuantity: flash ? Math.max(0, Math.min(flash.perUserLimit - held, flash.flashStock - flash.sold)) : Math.min(99, sku.stock),
    payWindowSeconds: flash ? flash.flashSale.payWindowSeconds : REGULAR_PAY_WINDOW_SECONDS,
  };
}
