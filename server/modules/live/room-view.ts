// What viewers see of a room: on-shelf goods in the host's order, the pinned card and flash
// badges. Preheated into the cache while the room is live and rebuilt on every change.
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import { buyableItemUnits, stockState, summarizeSkus, type StockState } from '@/server/modules/catalog/sku-summary';
import { streamView, type RoomStream } from './stream-view';
import { coalesce } from '@/server/realtime/coalesce';
import type { Realtime } from '@/server/realtime/emitter';
import type { ItemStock, PinnedGoods } from '@/server/realtime/events';
import type { KvServices } from '@/server/redis/kv';
import type { Logger } from '@/server/logger';

export const roomCacheKey = (liveId: number) => `live:goods:${liveId}`;
export const goodsDetailCacheKey = (spuId: number) => `goods:detail:${spuId}`;
const ROOM_CACHE_TTL_SECONDS = 6 * 3600;

export interface FlashBadge {
  flashSaleId: number;
  /** SCHEDULED: a countdown to the start; ACTIVE: the sale is on. */
  status: 'SCHEDULED' | 'ACTIVE';
  minPrice: number; // fen
  remaining: number;
  /** Remaining per flash SKU, so stock pushes can update the totals in place. */
  skus: { flashSkuId: number; skuId: number; remaining: number }[];
  startsAt: string;
  endsAt: string;
}

export interface RoomItem {
  roomGoodsId: number;
  spuId: number;
  title: string;
  image: string | null;
  sort: number;
  onShelf: boolean;
  pinned: boolean;
  isWelfare: boolean;
  stockSnapshot: number;
  skuCount: number;
  minPrice: number;
  maxPrice: number;
  totalStock: number;
  /** Units a viewer can buy now over all SKUs (a running sale's SKUs count their flash stock). */
  available: number;
  /** Of `available`: sold out only when every SKU is. */
  stockState: StockState;
  flash: FlashBadge | null;
  /** Comment-to-buy: a comment with it opens this item's card. */
  keyword: string | null;
  /** Viewers whose comment matched the keyword (想要); live on the desk only. */
  wantCount: number;
}

export interface ViewerRoom {
  id: number;
  title: string;
  status: 'SCHEDULED' | 'LIVE' | 'ENDED';
  shop: string;
  version: number;
  goods: RoomItem[];
  pinned: PinnedGoods | null;
  /** The stream and the player's screens around it (stream-view.ts). */
  stream: RoomStream;
}

/** Flash sales running now or still to come, by room item (the running one wins). */
export async function activeFlashByRoomGoods(db: Db, liveId: number, now = new Date()): Promise<Map<number, FlashBadge>> {
  const sales = await db.flashSale.findMany({
    where: { liveId, status: { in: ['SCHEDULED', 'ACTIVE'] }, endsAt: { gt: now } },
    select: { id: true, roomGoodsId: true, status: true, startsAt: true, endsAt: true, skus: { select: { id: true, skuId: true, flashPrice: true, flashStock: true, sold: true } } },
    // Later entries win in the map below: the running sale, else the next one to start.
    orderBy: [{ status: 'asc' }, { startsAt: 'desc' }],
  });
  return new Map(
    sales.map((s) => [
      s.roomGoodsId,
      {
        flashSaleId: s.id,
        status: s.status as 'SCHEDULED' | 'ACTIVE',
        minPrice: Math.min(...s.skus.map((k) => k.flashPrice)),
        remaining: s.skus.reduce((sum, k) => sum + k.flashStock - k.sold, 0),
        skus: s.skus.map((k) => ({ flashSkuId: k.id, skuId: k.skuId, remaining: k.flashStock - k.sold })),
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
      },
    ]),
  );
}

/** Every item of a room (the desk sees off-shelf ones too). */
export async function loadRoomItems(db: Db, liveId: number, onlyOnShelf: boolean): Promise<RoomItem[]> {
  const [rows, flash] = await Promise.all([
    db.liveRoomGoods.findMany({
      where: { liveId, ...(onlyOnShelf ? { onShelf: true } : {}) },
      select: {
        id: true,
        sort: true,
        onShelf: true,
        pinnedAt: true,
        isWelfare: true,
        stockSnapshot: true,
        keyword: true,
        wantCount: true,
        spu: { select: { id: true, title: true, images: true, skus: { select: { id: true, price: true, stock: true } } } },
      },
      orderBy: [{ sort: 'asc' }, { id: 'asc' }],
    }),
    activeFlashByRoomGoods(db, liveId),
  ]);
  return rows.map((row) => {
    const summary = summarizeSkus(row.spu.skus);
    const badge = flash.get(row.id) ?? null;
    // A coming sale sells nothing yet: its SKUs sell their regular stock until it starts.
    const flashRemaining = new Map(badge?.status === 'ACTIVE' ? badge.skus.map((k) => [k.skuId, k.remaining]) : []);
    const available = buyableItemUnits(row.spu.skus, flashRemaining);
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
      ...summary,
      available,
      stockState: stockState(available),
      flash: badge,
      keyword: row.keyword,
      wantCount: row.wantCount,
    };
  });
}

export function pinnedOf(goods: RoomItem[]): PinnedGoods | null {
  const item = goods.find((g) => g.pinned);
  return item
    ? { roomGoodsId: item.roomGoodsId, spuId: item.spuId, title: item.title, image: item.image, minPrice: item.flash?.status === 'ACTIVE' ? item.flash.minPrice : item.minPrice }
    : null;
}

async function buildViewerRoom(db: Db, liveId: number): Promise<ViewerRoom> {
  const room = await db.liveSession.findUnique({
    where: { id: liveId },
    select: { id: true, title: true, status: true, goodsVersion: true, shop: { select: { name: true } }, streamUrl: true, coverImage: true, scheduledAt: true, startedAt: true },
  });
  if (!room) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist`);
  // Viewers see goods of scheduled and live rooms only.
  const goods = room.status === 'ENDED' ? [] : await loadRoomItems(db, liveId, true);
  return { id: room.id, title: room.title, status: room.status, shop: room.shop.name, version: room.goodsVersion, goods, pinned: pinnedOf(goods), stream: await streamView(db, room) };
}

/** The viewer's room, from the preheated cache when the room is live. */
export async function getViewerRoom(container: Container, liveId: number): Promise<ViewerRoom> {
  const cached = await container.kv.cache.get<ViewerRoom>(roomCacheKey(liveId));
  if (cached) return cached;
  const room = await buildViewerRoom(container.db, liveId);
  if (room.status === 'LIVE') await container.kv.cache.set(roomCacheKey(liveId), room, ROOM_CACHE_TTL_SECONDS);
  return room;
}

/**
 * After any change to a room's goods: bump its version, rebuild the preheated list (live rooms)
 * or drop it, and tell viewers and the shop's operators to refetch.
 */
export async function roomGoodsChanged(container: Container, liveId: number): Promise<number> {
  const { db, kv, realtime } = container;
  const { goodsVersion, status } = await db.liveSession.update({
    where: { id: liveId },
    data: { goodsVersion: { increment: 1 } },
    select: { goodsVersion: true, status: true },
  });
  await kv.cache.del(roomCacheKey(liveId));
  if (status === 'LIVE') await kv.cache.set(roomCacheKey(liveId), await buildViewerRoom(db, liveId), ROOM_CACHE_TTL_SECONDS);
  realtime.publish('goods:changed', { liveId, version: goodsVersion });
  return goodsVersion;
}

/** The rooms (not ended) that carry an SPU: they change when the SPU does. */
export async function roomsWithSpu(db: Db, spuId: number): Promise<number[]> {
  const rows = await db.liveRoomGoods.findMany({ where: { spuId, live: { status: { not: 'ENDED' } } }, select: { liveId: true } });
  return [...new Set(rows.map((r) => r.liveId))];
}

/**
 * Orders move stock, not goods: after them the preheated list is rebuilt (≤ 1/s per room)
 * without a new version, and the items whose figures moved are pushed as `goods:stock` for
 * clients to apply in place. A storm of orders never makes the audience refetch the room.
 */
export class RoomStock {
  private readonly refresher: ReturnType<typeof coalesce<number>>;

  constructor(private readonly deps: { db: Db; kv: KvServices; realtime: Realtime; log: Logger }) {
    this.refresher = coalesce(1000, (_key, liveId) => void this.refresh(liveId).catch((error: unknown) => deps.log.warn({ err: error, liveId }, 'room stock refresh failed')));
  }

  /** Stock of the room's goods moved (an order placed, cancelled or expired). */
  moved(liveId: number) {
    this.refresher.push(String(liveId), liveId);
  }

  async refresh(liveId: number) {
    const { db, kv, realtime } = this.deps;
    const before = await kv.cache.get<ViewerRoom>(roomCacheKey(liveId));
    const room = await buildViewerRoom(db, liveId);
    if (room.status !== 'LIVE') return;
    // A goods change may have written a newer snapshot meanwhile: that one stands.
    const current = await kv.cache.get<ViewerRoom>(roomCacheKey(liveId));
    if (!current || current.version <= room.version) await kv.cache.set(roomCacheKey(liveId), room, ROOM_CACHE_TTL_SECONDS);
    const old = new Map((before?.goods ?? []).map((g) => [g.roomGoodsId, g]));
    const items: ItemStock[] = room.goods
      .filter((g) => {
        const o = old.get(g.roomGoodsId);
        return !o || o.available !== g.available || o.totalStock !== g.totalStock || o.stockState !== g.stockState || o.flash?.remaining !== g.flash?.remaining;
      })
      .map((g) => ({
        roomGoodsId: g.roomGoodsId,
        spuId: g.spuId,
        available: g.available,
        totalStock: g.totalStock,
        stockState: g.stockState,
        flash: g.flash ? { flashSaleId: g.flash.flashSaleId, skus: g.flash.skus.map((k) => ({ flashSkuId: k.flashSkuId, remaining: k.remaining })) } : null,
      }));
    if (items.length) realtime.publish('goods:stock', { liveId, items, seq: Date.now() });
  }

  /** Runs what waits now (tests). */
  flush() {
    this.refresher.flushAll();
  }

  /** Drops what waits (shutdown: the database is closing). */
  close() {
    this.refresher.clear();
  }
}
