// Live sessions and the room's goods bag (the seed's LiveRoomGoodsBinding), pinning (讲解).
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import type { SessionUser } from '@/server/modules/auth/session';
import { summarizeSkus } from '@/server/modules/catalog/catalog.service';
import { rooms, type JoinTarget, type PinnedGoods } from '@/server/realtime/events';
import type { PinInput } from './live.schema';

const roomGoodsSelect = {
  id: true,
  sort: true,
  onShelf: true,
  pinnedAt: true,
  isWelfare: true,
  stockSnapshot: true,
  spu: { select: { id: true, title: true, images: true, skus: { select: { price: true, stock: true } } } },
} as const;

type RoomGoodsRow = {
  id: number;
  sort: number;
  onShelf: boolean;
  pinnedAt: Date | null;
  isWelfare: boolean;
  stockSnapshot: number;
  spu: { id: number; title: string; images: string[]; skus: { price: number; stock: number }[] };
};

function toRoomGoods(row: RoomGoodsRow) {
  return {
    roomGoodsId: row.id,
    spuId: row.spu.id,
    title: row.spu.title,
    image: row.spu.images[0] ?? null,
    sort: row.sort,
    onShelf: row.onShelf,
    pinned: row.pinnedAt !== null,
    isWelfare: row.isWelfare,
    stockSnapshot: row.stockSnapshot,
    ...summarizeSkus(row.spu.skus),
  };
}
export type RoomGoods = ReturnType<typeof toRoomGoods>;

function toPinned(goods: RoomGoods | undefined): PinnedGoods | null {
  return goods ? { roomGoodsId: goods.roomGoodsId, spuId: goods.spuId, title: goods.title, image: goods.image, minPrice: goods.minPrice } : null;
}

export async function listShopRooms(db: Db, shopId: number) {
  return db.liveSession.findMany({
    where: { shopId },
    select: { id: true, title: true, status: true, scheduledAt: true, startedAt: true, _count: { select: { goods: true } } },
    orderBy: { id: 'asc' },
  });
}

export async function listAllRooms(db: Db) {
  const rows = await db.liveSession.findMany({
    select: { id: true, title: true, status: true, startedAt: true, shop: { select: { name: true } }, _count: { select: { goods: true } } },
    orderBy: [{ status: 'asc' }, { id: 'asc' }],
  });
  return rows.map(({ shop, _count, ...room }) => ({ ...room, shop: shop.name, goodsCount: _count.goods }));
}

/** The viewer's room: on-shelf goods of a scheduled or live room, in the host's order. */
export async function getViewerRoom(db: Db, liveId: number) {
  const room = await db.liveSession.findUnique({
    where: { id: liveId },
    select: { id: true, title: true, status: true, coverImage: true, shop: { select: { name: true } } },
  });
  if (!room) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist`);
  const goods =
    room.status === 'ENDED'
      ? []
      : (
          await db.liveRoomGoods.findMany({ where: { liveId, onShelf: true }, select: roomGoodsSelect, orderBy: [{ sort: 'asc' }, { id: 'asc' }] })
        ).map(toRoomGoods);
  return {
    id: room.id,
    title: room.title,
    status: room.status,
    shop: room.shop.name,
    goods,
    pinned: toPinned(goods.find((g) => g.pinned)),
  };
}

async function requireShopRoom(db: Db, shopId: number, liveId: number) {
  const room = await db.liveSession.findUnique({ where: { id: liveId }, select: { id: true, shopId: true, title: true, status: true } });
  // A room of another shop looks the same as a missing one.
  if (!room || room.shopId !== shopId) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist in your shop`);
  return room;
}

/** The host's control desk: every item of the room, on shelf or not. */
export async function getDeskRoom(db: Db, shopId: number, liveId: number) {
  const room = await requireShopRoom(db, shopId, liveId);
  const goods = (
    await db.liveRoomGoods.findMany({ where: { liveId }, select: roomGoodsSelect, orderBy: [{ sort: 'asc' }, { id: 'asc' }] })
  ).map(toRoomGoods);
  return { id: room.id, title: room.title, status: room.status, goods };
}

/** Pins one item (ending the previous 讲解 segment) or unpins; pushes the change to the room. */
export async function pinGoods(container: Container, shopId: number, input: PinInput) {
  const { db, realtime } = container;
  await requireShopRoom(db, shopId, input.liveId);
  const now = new Date();
  await db.$transaction(async (tx) => {
    // Lock the room row so two operators pinning at once serialize.
    await tx.$executeRaw`SELECT id FROM live_session WHERE id = ${input.liveId} FOR UPDATE`;
    if (input.roomGoodsId !== null) {
      const target = await tx.liveRoomGoods.findFirst({ where: { id: input.roomGoodsId, liveId: input.liveId }, select: { id: true, spuId: true, onShelf: true } });
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
  const desk = await getDeskRoom(db, shopId, input.liveId);
  const pinned = toPinned(desk.goods.find((g) => g.pinned));
  const payload = { liveId: input.liveId, pinned, at: now.toISOString() };
  realtime.toRoom(rooms.viewers(input.liveId), 'pin:changed', payload);
  realtime.toRoom(rooms.hosts(input.liveId), 'pin:changed', payload);
  return desk;
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
