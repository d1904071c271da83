// Live sessions and the room's goods bag (the seed's LiveRoomGoodsBinding): adding, ordering,
// shelf, welfare, pinning (讲解) with its history. Every change reaches viewers and operators.
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import { audit, type AuditActor } from '@/server/modules/audit/audit';
import type { SessionUser } from '@/server/modules/auth/session';
import { flashSkuIdsOf, forgetFlashMeta } from '@/server/modules/inventory/flash-meta';
import { endRoomSales } from '@/server/modules/flash-sale/flash-sale.service';
import { rooms, type JoinTarget } from '@/server/realtime/events';
import type { AddGoodsInput, CreateRoomInput, PinInput, ReorderInput, RoomGoodsInput, ShelfInput, WelfareInput } from './live.schema';
import { loadRoomItems, pinnedOf, roomGoodsChanged } from './room-view';

export { getViewerRoom } from './room-view';

export async function listShopRooms(db: Db, shopId: number) {
  return db.liveSession.findMany({
    where: { shopId },
    select: { id: true, title: true, status: true, scheduledAt: true, startedAt: true, endedAt: true, _count: { select: { goods: true } } },
    orderBy: [{ status: 'asc' }, { id: 'desc' }],
  });
}

export async function listAllRooms(db: Db) {
  const rows = await db.liveSession.findMany({
    select: { id: true, title: true, status: true, startedAt: true, shop: { select: { name: true } }, _count: { select: { goods: true } } },
    orderBy: [{ status: 'asc' }, { id: 'asc' }],
  });
  return rows.map(({ shop, _count, ...room }) => ({ ...room, shop: shop.name, goodsCount: _count.goods }));
}

/** The room, if the shop owns it (shopId null: ops, who read every room). */
async function requireRoom(db: Db, shopId: number | null, liveId: number) {
  const room = await db.liveSession.findUnique({ where: { id: liveId }, select: { id: true, shopId: true, title: true, status: true } });
  // A room of another shop looks the same as a missing one.
  if (!room || (shopId !== null && room.shopId !== shopId)) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist in your shop`);
  return room;
}

async function requireOpenRoom(db: Db, shopId: number, liveId: number) {
  const room = await requireRoom(db, shopId, liveId);
  if (room.status === 'ENDED') throw new AppError('PRECONDITION_FAILED', `Live room ${liveId} has ended`, 'ROOM_ENDED');
  return room;
}

async function requireRoomItem(db: Db, liveId: number, roomGoodsId: number) {
  const item = await db.liveRoomGoods.findFirst({ where: { id: roomGoodsId, liveId }, select: { id: true, spuId: true, onShelf: true, isWelfare: true, pinnedAt: true, spu: { select: { title: true } } } });
  if (!item) throw new AppError('NOT_FOUND', `Item ${roomGoodsId} is not in room ${liveId}`);
  return item;
}

/** The control desk: every item of the room, on shelf or not. */
export async function getDeskRoom(db: Db, shopId: number | null, liveId: number) {
  const room = await requireRoom(db, shopId, liveId);
  const goods = await loadRoomItems(db, liveId, false);
  const { goodsVersion } = await db.liveSession.findUniqueOrThrow({ where: { id: liveId }, select: { goodsVersion: true } });
  return { id: room.id, title: room.title, status: room.status, version: goodsVersion, goods, pinned: pinnedOf(goods) };
}

export async function createRoom(db: Db, host: SessionUser & { shopId: number }, input: CreateRoomInput) {
  return db.liveSession.create({
    data: { shopId: host.shopId, hostId: host.id, title: input.title, scheduledAt: input.scheduledAt ?? null },
    select: { id: true, title: true, status: true },
  });
}

async function setStatus(container: Container, shopId: number, liveId: number, to: 'LIVE' | 'ENDED', actor?: AuditActor) {
  const { db, realtime } = container;
  const room = await requireRoom(db, shopId, liveId);
  const from = to === 'LIVE' ? 'SCHEDULED' : 'LIVE';
  if (room.status !== from) {
    throw new AppError('PRECONDITION_FAILED', `Room ${liveId} is ${room.status.toLowerCase()}: only a ${from.toLowerCase()} room can be ${to === 'LIVE' ? 'started' : 'ended'}`, 'BAD_TRANSITION', {
      params: { status: room.status },
    });
  }
  const now = new Date();
  await db.$transaction(async (tx) => {
    // Conditional, so two operators clicking at once cannot both move it.
    const moved = await tx.liveSession.updateMany({ where: { id: liveId, status: from }, data: to === 'LIVE' ? { status: to, startedAt: now } : { status: to, endedAt: now } });
    if (moved.count !== 1) {
      const now = await tx.liveSession.findUniqueOrThrow({ where: { id: liveId }, select: { status: true } });
      throw new AppError('CONFLICT', `Room ${liveId} changed meanwhile; reload`, 'BAD_TRANSITION', { params: { status: now.status } });
    }
    if (to === 'ENDED') {
      await tx.liveRoomGoods.updateMany({ where: { liveId, pinnedAt: { not: null } }, data: { pinnedAt: null } });
      await tx.livePinSegment.updateMany({ where: { liveId, endedAt: null }, data: { endedAt: now } });
    }
  });
  // A room that ended ends its flash sales, and their unsold stock goes back to inventory.
  if (to === 'ENDED') await endRoomSales(container, liveId);
  await forgetFlashMeta(container, await flashSkuIdsOf(container, { liveId }));
  const payload = { liveId, status: to };
  realtime.publish('room:status', payload);
  // Going live preheats the cart list into the cache; ending drops it.
  await roomGoodsChanged(container, liveId);
  await audit(container, actor, to === 'LIVE' ? 'room.start' : 'room.end', { type: 'room', id: liveId, name: room.title }, { status: from }, { status: to });
  return getDeskRoom(db, shopId, liveId);
}

export const startRoom = (container: Container, shopId: number, liveId: number, actor?: AuditActor) => setStatus(container, shopId, liveId, 'LIVE', actor);
export const endRoom = (container: Container, shopId: number, liveId: number, actor?: AuditActor) => setStatus(container, shopId, liveId, 'ENDED', actor);

/** Adds goods of the shop's library to the room's bag, after the last item, with a stock snapshot. */
export async function addGoods(container: Container, shopId: number, input: AddGoodsInput, actor?: AuditActor) {
  const { db } = container;
  const room = await requireOpenRoom(db, shopId, input.liveId);
  const spuIds = [...new Set(input.spuIds)];
  const spus = await db.spu.findMany({
    where: { id: { in: spuIds }, shopId, status: 'ACTIVE' },
    select: { id: true, skus: { select: { stock: true } } },
  });
  const missing = spuIds.filter((id) => !spus.some((s) => s.id === id));
  if (missing.length) throw new AppError('NOT_FOUND', `Goods ${missing.join(', ')} not found in your library`);
  const present = await db.liveRoomGoods.findMany({ where: { liveId: input.liveId, spuId: { in: spuIds } }, select: { spuId: true } });
  if (present.length) throw new AppError('CONFLICT', `Goods ${present.map((p) => p.spuId).join(', ')} already in this room`, 'ALREADY_IN_ROOM');
  await db.$transaction(async (tx) => {
    const last = await tx.liveRoomGoods.aggregate({ where: { liveId: input.liveId }, _max: { sort: true } });
    let sort = last._max.sort ?? 0;
    for (const spuId of spuIds) {
      const spu = spus.find((s) => s.id === spuId)!;
      sort += 1;
      await tx.liveRoomGoods.create({ data: { liveId: input.liveId, spuId, sort, stockSnapshot: spu.skus.reduce((n, s) => n + s.stock, 0) } });
    }
  });
  await roomGoodsChanged(container, input.liveId);
  const desk = await getDeskRoom(db, shopId, input.liveId);
  const added = desk.goods.filter((g) => spuIds.includes(g.spuId)).map((g) => ({ roomGoodsId: g.roomGoodsId, spuId: g.spuId, title: g.title }));
  await audit(container, actor, 'room.addGoods', { type: 'room', id: input.liveId, name: room.title }, null, { added });
  return desk;
}

export async function removeGoods(container: Container, shopId: number, input: RoomGoodsInput, actor?: AuditActor) {
  const { db } = container;
  const room = await requireOpenRoom(db, shopId, input.liveId);
  // The item must be this room's before any rule about it is told: an item of another shop's
  // room is a 404, whatever sales it has.
  const item = await requireRoomItem(db, input.liveId, input.roomGoodsId);
  const sale = await db.flashSale.findFirst({ where: { roomGoodsId: item.id }, select: { status: true } });
  if (sale) {
    // Its flash sales (and their stock ledgers) refer to it: keep it, off the shelf.
    if (sale.status === 'ACTIVE' || sale.status === 'SCHEDULED') throw new AppError('PRECONDITION_FAILED', 'This item has a flash sale: stop it before removing the item', 'HAS_FLASH_SALE');
    throw new AppError('PRECONDITION_FAILED', 'This item has flash-sale history: take it off the shelf instead', 'HAS_FLASH_HISTORY');
  }
  const now = new Date();
  // The pin history keeps its segments (room item set to null); the item itself goes.
  await db.$transaction(async (tx) => {
    await tx.livePinSegment.updateMany({ where: { roomGoodsId: input.roomGoodsId, endedAt: null }, data: { endedAt: now } });
    await tx.liveRoomGoods.delete({ where: { id: input.roomGoodsId } });
  });
  if (item.pinnedAt) emitPin(container, input.liveId, null, now);
  await roomGoodsChanged(container, input.liveId);
  await audit(container, actor, 'room.removeGoods', { type: 'room', id: input.liveId, name: room.title }, { removed: { roomGoodsId: item.id, spuId: item.spuId, title: item.spu.title } }, null);
  return getDeskRoom(db, shopId, input.liveId);
}

export async function reorderGoods(container: Container, shopId: number, input: ReorderInput, actor?: AuditActor) {
  const { db } = container;
  const room = await requireOpenRoom(db, shopId, input.liveId);
  const items = await db.liveRoomGoods.findMany({ where: { liveId: input.liveId }, select: { id: true }, orderBy: { sort: 'asc' } });
  const expected = new Set(items.map((i) => i.id));
  if (input.roomGoodsIds.length !== expected.size || new Set(input.roomGoodsIds).size !== expected.size || input.roomGoodsIds.some((id) => !expected.has(id))) {
    throw new AppError('CONFLICT', 'The new order must list every item of the room exactly once; reload and try again', 'STALE_ORDER');
  }
  await db.$transaction(input.roomGoodsIds.map((id, index) => db.liveRoomGoods.update({ where: { id }, data: { sort: index + 1 } })));
  await roomGoodsChanged(container, input.liveId);
  await audit(container, actor, 'room.reorder', { type: 'room', id: input.liveId, name: room.title }, { order: items.map((i) => i.id) }, { order: input.roomGoodsIds });
  return getDeskRoom(db, shopId, input.liveId);
}

export async function setShelf(container: Container, shopId: number, input: ShelfInput, actor?: AuditActor) {
  const { db } = container;
  await requireOpenRoom(db, shopId, input.liveId);
  const item = await requireRoomItem(db, input.liveId, input.roomGoodsId);
  const now = new Date();
  await db.$transaction(async (tx) => {
    // Off the shelf means no longer presented either.
    const data = input.onShelf ? { onShelf: true } : { onShelf: false, pinnedAt: null };
    await tx.liveRoomGoods.update({ where: { id: item.id }, data });
    if (!input.onShelf && item.pinnedAt) await tx.livePinSegment.updateMany({ where: { roomGoodsId: item.id, endedAt: null }, data: { endedAt: now } });
  });
  if (!input.onShelf && item.pinnedAt) emitPin(container, input.liveId, null, now);
  // Flash orders of an item off the shelf are refused from now on.
  await forgetFlashMeta(container, await flashSkuIdsOf(container, { liveId: input.liveId, roomGoodsId: item.id }));
  await roomGoodsChanged(container, input.liveId);
  await audit(container, actor, 'room.shelf', { type: 'room_goods', id: item.id, name: item.spu.title }, { onShelf: item.onShelf }, { onShelf: input.onShelf });
  return getDeskRoom(db, shopId, input.liveId);
}

export async function setWelfare(container: Container, shopId: number, input: WelfareInput, actor?: AuditActor) {
  const { db } = container;
  await requireOpenRoom(db, shopId, input.liveId);
  const item = await requireRoomItem(db, input.liveId, input.roomGoodsId);
  await db.liveRoomGoods.update({ where: { id: input.roomGoodsId }, data: { isWelfare: input.isWelfare } });
  await roomGoodsChanged(container, input.liveId);
  await audit(container, actor, 'room.welfare', { type: 'room_goods', id: item.id, name: item.spu.title }, { isWelfare: item.isWelfare }, { isWelfare: input.isWelfare });
  return getDeskRoom(db, shopId, input.liveId);
}

function emitPin(container: Container, liveId: number, pinned: ReturnType<typeof pinnedOf>, at: Date) {
  const payload = { liveId, pinned, at: at.toISOString() };
  container.realtime.publish('pin:changed', payload);
}

/** Pins one item (ending the previous 讲解 segment) or unpins; pushes the change to the room. */
export async function pinGoods(container: Container, shopId: number, input: PinInput, actor?: AuditActor) {
  const { db } = container;
  const room = await requireOpenRoom(db, shopId, input.liveId);
  const was = await db.liveRoomGoods.findFirst({ where: { liveId: input.liveId, pinnedAt: { not: null } }, select: { id: true } });
  const now = new Date();
  await db.$transaction(async (tx) => {
    // Lock the room row so two operators pinning at once serialize.
    await tx.$executeRaw`SELECT id FROM live_session WHERE id = ${input.liveId} FOR UPDATE`;
    if (input.roomGoodsId !== null) {
      const target = await tx.liveRoomGoods.findFirst({ where: { id: input.roomGoodsId, liveId: input.liveId }, select: { id: true, onShelf: true } });
      if (!target) throw new AppError('NOT_FOUND', `Item ${input.roomGoodsId} is not in room ${input.liveId}`);
      if (!target.onShelf) throw new AppError('PRECONDITION_FAILED', 'Put the item on the shelf before pinning it', 'OFF_SHELF');
    }
    await tx.liveRoomGoods.updateMany({ where: { liveId: input.liveId, pinnedAt: { not: null } }, data: { pinnedAt: null } });
    await tx.livePinSegment.updateMany({ where: { liveId: input.liveId, endedAt: null }, data: { endedAt: now } });
    if (input.roomGoodsId !== null) {
      const pinned = await tx.liveRoomGoods.update({ where: { id: input.roomGoodsId }, data: { pinnedAt: now }, select: { id: true, spuId: true } });
      await tx.livePinSegment.create({ data: { liveId: input.liveId, roomGoodsId: pinned.id, spuId: pinned.spuId, startedAt: now } });
    }
  });
  await roomGoodsChanged(container, input.liveId);
  const desk = await getDeskRoom(db, shopId, input.liveId);
  emitPin(container, input.liveId, desk.pinned, now);
  await audit(container, actor, 'room.pin', { type: 'room', id: input.liveId, name: room.title }, { pinned: was?.id ?? null }, { pinned: input.roomGoodsId });
  return desk;
}

/** The pin history of a room, newest first. */
export async function listPinSegments(db: Db, shopId: number | null, liveId: number) {
  await requireRoom(db, shopId, liveId);
  return db.livePinSegment.findMany({
    where: { liveId },
    select: { id: true, roomGoodsId: true, spuId: true, startedAt: true, endedAt: true },
    orderBy: { id: 'desc' },
    take: 100,
  });
}

/** Which socket room a user may join: anyone the viewer room, the shop's hosts the desk, ops the board. */
export async function socketRoomFor(db: Db, user: SessionUser | undefined, target: JoinTarget): Promise<string | null> {
  if (target.as === 'ops') return user?.role === 'OPS' ? rooms.ops() : null;
  if (!Number.isInteger(target.liveId) || target.liveId <= 0) return null;
  const room = await db.liveSession.findUnique({ where: { id: target.liveId }, select: { shopId: true } });
  if (!room) return null;
  if (target.as === 'viewer') return rooms.viewers(target.liveId);
  if (user?.role === 'OPS') return rooms.hosts(target.liveId);
  return user?.role === 'HOST' && user.shopId === room.shopId ? rooms.hosts(target.liveId) : null;
}
