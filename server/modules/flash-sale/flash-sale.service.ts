// Flash sales (秒杀): window, per-SKU flash price, flash stock carved out of the SKU's
// inventory, per-user limit; started and ended on time by the process's timers.
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';
import { AppError, yuanParam } from '@/server/errors';
import { forgetFlashMeta } from '@/server/modules/inventory/flash-meta';
import { ledgerOf } from '@/server/modules/inventory/stock-ledger';
import { roomGoodsChanged } from '@/server/modules/live/room-view';
import type { AdjustFlashStockInput, CreateSaleInput } from './flash-sale.schema';

const saleTimer = (id: number, edge: 'start' | 'end') => `flash:${id}:${edge}`;

async function requireShopRoomItem(db: Db, shopId: number, liveId: number, roomGoodsId: number) {
  const item = await db.liveRoomGoods.findFirst({
    where: { id: roomGoodsId, liveId },
    select: { id: true, spuId: true, live: { select: { shopId: true, status: true } }, spu: { select: { skus: { select: { id: true, skuCode: true, stock: true, price: true } } } } },
  });
  // Another shop's room looks the same as a missing one.
  if (!item || item.live.shopId !== shopId) throw new AppError('NOT_FOUND', `Item ${roomGoodsId} is not in live room ${liveId} of your shop`);
  if (item.live.status === 'ENDED') throw new AppError('PRECONDITION_FAILED', `Live room ${liveId} has ended`, 'ROOM_ENDED');
  return item;
}

async function requireShopSale(db: Db, shopId: number | null, flashSaleId: number) {
  const sale = await db.flashSale.findUnique({
    where: { id: flashSaleId },
    select: { id: true, liveId: true, status: true, startsAt: true, endsAt: true, live: { select: { shopId: true } }, skus: { select: { id: true } } },
  });
  if (!sale || (shopId !== null && sale.live.shopId !== shopId)) throw new AppError('NOT_FOUND', `Flash sale ${flashSaleId} does not exist in your shop`);
  return sale;
}

function emitSale(container: Container, sale: { id: number; liveId: number; status: 'SCHEDULED' | 'ACTIVE' | 'ENDED' | 'CANCELLED'; startsAt: Date; endsAt: Date }) {
  const payload = { liveId: sale.liveId, flashSaleId: sale.id, status: sale.status, startsAt: sale.startsAt.toISOString(), endsAt: sale.endsAt.toISOString() };
  container.realtime.publish('flash:changed', payload);
}

/** Arms the timers that start and end a sale on time. */
export function scheduleSale(container: Container, sale: { id: number; status: string; startsAt: Date; endsAt: Date }) {
  const onError = (error: unknown) => container.log.error({ err: error, flashSaleId: sale.id }, 'flash sale timer failed');
  if (sale.status === 'SCHEDULED') container.timers.at(saleTimer(sale.id, 'start'), sale.startsAt, () => activateSale(container, sale.id), onError);
  if (sale.status === 'SCHEDULED' || sale.status === 'ACTIVE') container.timers.at(saleTimer(sale.id, 'end'), sale.endsAt, () => finishSale(container, sale.id), onError);
}

export async function createSale(container: Container, shopId: number, input: CreateSaleInput) {
  const { db } = container;
  const item = await requireShopRoomItem(db, shopId, input.liveId, input.roomGoodsId);
  const now = new Date();
  const startsAt = input.window.kind === 'now' ? now : input.window.startsAt;
  const endsAt = input.window.kind === 'now' ? new Date(now.getTime() + input.window.durationMinutes * 60_000) : input.window.endsAt;
  if (input.window.kind === 'scheduled' && endsAt <= now) throw new AppError('BAD_REQUEST', 'The sale would end in the past', 'WINDOW_IN_PAST');

  const skus = new Map(item.spu.skus.map((s) => [s.id, s]));
  for (const s of input.skus) {
    const sku = skus.get(s.skuId);
    if (!sku) throw new AppError('BAD_REQUEST', `SKU ${s.skuId} is not a SKU of this goods`, 'UNKNOWN_SKU');
    if (s.flashStock > sku.stock) {
      throw new AppError('BAD_REQUEST', `Flash stock ${s.flashStock} of ${sku.skuCode} is above its inventory ${sku.stock}`, 'ABOVE_INVENTORY', {
        params: { skuCode: sku.skuCode, flashStock: s.flashStock, stock: sku.stock },
      });
    }
    if (s.flashPrice >= sku.price) {
      throw new AppError('BAD_REQUEST', `The flash price of ${sku.skuCode} must be below its regular price`, 'FLASH_PRICE_NOT_BELOW', { params: { skuCode: sku.skuCode, price: yuanParam(sku.price) } });
    }
  }
  const overlapping = await db.flashSku.findFirst({
    where: { skuId: { in: input.skus.map((s) => s.skuId) }, flashSale: { status: { in: ['SCHEDULED', 'ACTIVE'] }, startsAt: { lt: endsAt }, endsAt: { gt: startsAt } } },
    select: { sku: { select: { skuCode: true } }, flashSale: { select: { id: true, startsAt: true, endsAt: true } } },
  });
  if (overlapping) {
    const { skuCode } = overlapping.sku;
    const { id, startsAt, endsAt } = overlapping.flashSale;
    // Times as epoch ms: the client's words format them in the viewer's locale and time zone.
    throw new AppError('CONFLICT', `${skuCode} already has flash sale ${id} from ${startsAt.toISOString()} to ${endsAt.toISOString()}`, 'OVERLAPPING_SALE', {
      params: { skuCode, startsAt: startsAt.getTime(), endsAt: endsAt.getTime() },
    });
  }

  const sale = await db.$transaction(async (tx) => {
    await container.inventory.carve(tx, input.skus);
    return tx.flashSale.create({
      data: {
        liveId: input.liveId,
        roomGoodsId: input.roomGoodsId,
        status: input.window.kind === 'now' ? 'ACTIVE' : 'SCHEDULED',
        startMode: input.window.kind === 'now' ? 'MANUAL' : 'SCHEDULED',
        startsAt,
        endsAt,
        payWindowSeconds: input.payWindowSeconds,
        skus: { create: input.skus.map((s) => ({ skuId: s.skuId, flashPrice: s.flashPrice, flashStock: s.flashStock, perUserLimit: s.perUserLimit })) },
      },
      select: { id: true, liveId: true, status: true, startsAt: true, endsAt: true, skus: { select: { id: true } } },
    });
  });
  if (sale.status === 'ACTIVE') for (const s of sale.skus) await container.inventory.loadGeneration(s.id);
  scheduleSale(container, sale);
  emitSale(container, sale);
  await roomGoodsChanged(container, sale.liveId);
  return getSale(db, shopId, sale.id);
}

/** SCHEDULED → ACTIVE, by its timer or the host's "start now". */
export async function activateSale(container: Container, flashSaleId: number) {
  const { db } = container;
  const moved = await db.flashSale.updateMany({ where: { id: flashSaleId, status: 'SCHEDULED' }, data: { status: 'ACTIVE' } });
  if (moved.count !== 1) return;
  const sale = await db.flashSale.findUniqueOrThrow({ where: { id: flashSaleId }, select: { id: true, liveId: true, status: true, startsAt: true, endsAt: true, skus: { select: { id: true } } } });
  for (const s of sale.skus) await container.inventory.loadGeneration(s.id);
  await forgetFlashMeta(container, sale.skus.map((s) => s.id));
  scheduleSale(container, sale);
  emitSale(container, sale);
  await roomGoodsChanged(container, sale.liveId);
}

/**
 * Ends a sale (its time is up, or the host stops it): what was not sold goes back to the
 * SKU's inventory, and the gate closes. Units released later by unpaid orders follow them.
 */
export async function finishSale(container: Container, flashSaleId: number, manual = false) {
  const { db, timers } = container;
  const sale = await db.$transaction(async (tx) => {
    const current = await tx.flashSale.findUnique({ where: { id: flashSaleId }, select: { status: true } });
    if (!current || (current.status !== 'ACTIVE' && current.status !== 'SCHEDULED')) return null;
    const status = current.status === 'SCHEDULED' && manual ? 'CANCELLED' : 'ENDED';
    const moved = await tx.flashSale.updateMany({ where: { id: flashSaleId, status: current.status }, data: { status, ...(manual ? { endsAt: new Date() } : {}) } });
    if (moved.count !== 1) return null;
    await container.inventory.returnLeftovers(tx, flashSaleId);
    return tx.flashSale.findUniqueOrThrow({ where: { id: flashSaleId }, select: { id: true, liveId: true, status: true, startsAt: true, endsAt: true, skus: { select: { id: true } } } });
  });
  if (!sale) return;
  timers.cancel(saleTimer(flashSaleId, 'start'));
  timers.cancel(saleTimer(flashSaleId, 'end'));
  await container.inventory.closeGates(sale.skus.map((s) => s.id));
  await forgetFlashMeta(container, sale.skus.map((s) => s.id));
  emitSale(container, sale);
  await roomGoodsChanged(container, sale.liveId);
}

/** The room ended: every sale of it that is still to come or running ends now. */
export async function endRoomSales(container: Container, liveId: number) {
  const sales = await container.db.flashSale.findMany({ where: { liveId, status: { in: ['SCHEDULED', 'ACTIVE'] } }, select: { id: true } });
  for (const sale of sales) await finishSale(container, sale.id, true);
}

export async function startSaleNow(container: Container, shopId: number, flashSaleId: number) {
  const { db } = container;
  const sale = await requireShopSale(db, shopId, flashSaleId);
  if (sale.status !== 'SCHEDULED') {
    throw new AppError('PRECONDITION_FAILED', `Flash sale ${flashSaleId} is ${sale.status.toLowerCase()}: only a scheduled sale can be started`, 'BAD_TRANSITION', { params: { status: sale.status } });
  }
  const now = new Date();
  // Keep its length: starting early moves the end by as much.
  await db.flashSale.update({ where: { id: flashSaleId }, data: { startsAt: now, endsAt: new Date(now.getTime() + (sale.endsAt.getTime() - sale.startsAt.getTime())) } });
  await activateSale(container, flashSaleId);
  return getSale(db, shopId, flashSaleId);
}

export async function stopSale(container: Container, shopId: number, flashSaleId: number) {
  const sale = await requireShopSale(container.db, shopId, flashSaleId);
  if (sale.status !== 'ACTIVE' && sale.status !== 'SCHEDULED') {
    throw new AppError('PRECONDITION_FAILED', `Flash sale ${flashSaleId} has already ${sale.status === 'ENDED' ? 'ended' : 'been cancelled'}`, 'BAD_TRANSITION', { params: { status: sale.status } });
  }
  await finishSale(container, flashSaleId, true);
  return getSale(container.db, shopId, flashSaleId);
}

/** While live, flash stock may go up (from inventory) and down to what is sold (paid + held). */
export async function adjustFlashStock(container: Container, shopId: number, input: AdjustFlashStockInput) {
  const { db, realtime } = container;
  const row = await db.flashSku.findUnique({
    where: { id: input.flashSkuId },
    select: { id: true, skuId: true, flashStock: true, sold: true, flashSaleId: true, flashSale: { select: { status: true, liveId: true, live: { select: { shopId: true } } } } },
  });
  if (!row || row.flashSale.live.shopId !== shopId) throw new AppError('NOT_FOUND', `Flash SKU ${input.flashSkuId} does not exist in your shop`);
  if (row.flashSale.status !== 'ACTIVE' && row.flashSale.status !== 'SCHEDULED') throw new AppError('PRECONDITION_FAILED', 'The sale is over: its stock can no longer change', 'SALE_OVER');
  if (input.flashStock < row.sold) {
    throw new AppError('PRECONDITION_FAILED', `Flash stock cannot go below ${row.sold}: that many are paid or held by unpaid orders`, 'BELOW_SOLD', { params: { sold: row.sold } });
  }
  const delta = input.flashStock - row.flashStock;
  if (delta === 0) return getSale(db, shopId, row.flashSaleId);
  await container.inventory.adjustFlashStock(row, input.flashStock, row.flashSale.status === 'ACTIVE');
  // Every open desk and viewer page sees the new figure at once, not at their next reload.
  const now = await db.flashSku.findUniqueOrThrow({ where: { id: row.id }, select: { flashStock: true, sold: true } });
  const stock = { liveId: row.flashSale.liveId, flashSaleId: row.flashSaleId, flashSkuId: row.id, skuId: row.skuId, remaining: now.flashStock - now.sold, seq: Date.now() };
  realtime.publish('stock:changed', stock);
  await roomGoodsChanged(container, row.flashSale.liveId);
  const sale = await getSale(db, shopId, row.flashSaleId);
  emitSale(container, sale);
  return sale;
}

export async function getSale(db: Db, shopId: number | null, flashSaleId: number) {
  const sale = await requireShopSale(db, shopId, flashSaleId);
  const [ledger] = [await ledgerOf(db, [flashSaleId])];
  return { id: sale.id, liveId: sale.liveId, status: sale.status, startsAt: sale.startsAt, endsAt: sale.endsAt, skus: ledger };
}

/** The room's sales with their stock ledgers, newest first (the desk's flash panel). */
export async function listRoomSales(db: Db, shopId: number | null, liveId: number) {
  const room = await db.liveSession.findUnique({ where: { id: liveId }, select: { shopId: true } });
  if (!room || (shopId !== null && room.shopId !== shopId)) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist in your shop`);
  const sales = await db.flashSale.findMany({
    where: { liveId },
    select: { id: true, roomGoodsId: true, status: true, startMode: true, startsAt: true, endsAt: true, payWindowSeconds: true, roomGoods: { select: { spu: { select: { title: true } } } } },
    orderBy: { id: 'desc' },
  });
  const ledger = await ledgerOf(db, sales.map((s) => s.id));
  const skuInfo = await db.flashSku.findMany({ where: { flashSaleId: { in: sales.map((s) => s.id) } }, select: { id: true, flashPrice: true, perUserLimit: true, sku: { select: { skuCode: true, specs: true, price: true } } } });
  const info = new Map(skuInfo.map((s) => [s.id, s]));
  return sales.map(({ roomGoods, ...sale }) => ({
    ...sale,
    title: roomGoods.spu.title,
    skus: ledger
      .filter((l) => l.flashSaleId === sale.id)
      .map((l) => ({ ...l, flashPrice: info.get(l.flashSkuId)!.flashPrice, perUserLimit: info.get(l.flashSkuId)!.perUserLimit, skuCode: info.get(l.flashSkuId)!.sku.skuCode, specs: info.get(l.flashSkuId)!.sku.specs as Record<string, string>, price: info.get(l.flashSkuId)!.sku.price })),
  }));
}

/** At start: arm the timers of every sale still to start or end (a restart loses timers). */
export async function restoreSaleTimers(container: Container) {
  const sales = await container.db.flashSale.findMany({ where: { status: { in: ['SCHEDULED', 'ACTIVE'] } }, select: { id: true, status: true, startsAt: true, endsAt: true } });
  for (const sale of sales) scheduleSale(container, sale);
  return sales.length;
}
