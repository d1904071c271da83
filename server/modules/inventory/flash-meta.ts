// What the order path needs to know about a flash SKU, without touching the database:
// an in-process copy (1 s) over the shared cache (Redis or in-process), loaded from the
// database only on a miss. Rejections (not started, ended) are decided from this.
import type { Container } from '@/server/container';
import { AppError } from '@/server/errors';

export interface FlashSkuMeta {
  flashSkuId: number;
  flashSaleId: number;
  liveId: number;
  shopId: number;
  skuId: number;
  spuId: number;
  title: string;
  specs: Record<string, string>;
  flashPrice: number; // fen
  perUserLimit: number;
  status: 'SCHEDULED' | 'ACTIVE' | 'ENDED' | 'CANCELLED';
  startsAt: number; // ms
  endsAt: number; // ms
  payWindowSeconds: number;
  /** The room's goods on the shelf, the goods not archived, the room live: forgotten when any of them changes. */
  onSale: boolean;
  roomLive: boolean;
}

const LOCAL_TTL_MS = 1000;
// Short: an invalidation lost while Redis was away heals by itself (the database refuses meanwhile).
const SHARED_TTL_SECONDS = 60;
// Per container: tests run several (different databases) in one process.
const locals = new WeakMap<Container, Map<number, { meta: FlashSkuMeta; until: number }>>();
function localOf(container: Container) {
  let map = locals.get(container);
  if (!map) locals.set(container, (map = new Map()));
  return map;
}
const metaKey = (flashSkuId: number) => `flash:meta:${flashSkuId}`;

async function loadFromDb(container: Container, flashSkuId: number): Promise<FlashSkuMeta | null> {
  const row = await container.db.flashSku.findUnique({
    where: { id: flashSkuId },
    select: {
      id: true,
      skuId: true,
      flashPrice: true,
      perUserLimit: true,
      sku: { select: { specs: true, spuId: true, spu: { select: { title: true, shopId: true, status: true } } } },
      flashSale: {
        select: { id: true, liveId: true, status: true, startsAt: true, endsAt: true, payWindowSeconds: true, roomGoods: { select: { onShelf: true } }, live: { select: { status: true } } },
      },
    },
  });
  if (!row) return null;
  return {
    flashSkuId: row.id,
    flashSaleId: row.flashSale.id,
    liveId: row.flashSale.liveId,
    shopId: row.sku.spu.shopId,
    skuId: row.skuId,
    spuId: row.sku.spuId,
    title: row.sku.spu.title,
    specs: row.sku.specs as Record<string, string>,
    flashPrice: row.flashPrice,
    perUserLimit: row.perUserLimit,
    status: row.flashSale.status,
    startsAt: row.flashSale.startsAt.getTime(),
    endsAt: row.flashSale.endsAt.getTime(),
    payWindowSeconds: row.flashSale.payWindowSeconds,
    onSale: row.flashSale.roomGoods.onShelf && row.sku.spu.status === 'ACTIVE',
    roomLive: row.flashSale.live.status === 'LIVE',
  };
}

export async function getFlashMeta(container: Container, flashSkuId: number): Promise<FlashSkuMeta> {
  const now = Date.now();
  const local = localOf(container);
  const hit = local.get(flashSkuId);
  if (hit && hit.until > now) return hit.meta;
  let meta = await container.kv.cache.get<FlashSkuMeta>(metaKey(flashSkuId));
  if (!meta) {
    meta = (await loadFromDb(container, flashSkuId)) ?? undefined;
    if (!meta) throw new AppError('NOT_FOUND', `Flash SKU ${flashSkuId} does not exist`);
    await container.kv.cache.set(metaKey(flashSkuId), meta, SHARED_TTL_SECONDS);
  }
  local.set(flashSkuId, { meta, until: now + LOCAL_TTL_MS });
  return meta;
}

/** The flash SKUs of a room, or of one item of it: to forget when the shelf or the room changes. */
export async function flashSkuIdsOf(container: Container, where: { liveId: number; roomGoodsId?: number }): Promise<number[]> {
  const rows = await container.db.flashSku.findMany({ where: { flashSale: { liveId: where.liveId, ...(where.roomGoodsId ? { roomGoodsId: where.roomGoodsId } : {}) } }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** After a sale changes (started, ended, re-priced): every instance sees it within a second. */
export async function forgetFlashMeta(container: Container, flashSkuIds: number[]) {
  const local = localOf(container);
  for (const id of flashSkuIds) local.delete(id);
  if (flashSkuIds.length) await container.kv.cache.del(...flashSkuIds.map(metaKey));
}
