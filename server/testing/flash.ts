// Builds a running flash sale for order tests: a fresh goods in a fresh live room of host1.
import { randomUUID } from 'node:crypto';
import type { Container } from '@/server/container';
import { callerFor, userByName } from './harness';

export interface FlashSetup {
  liveId: number;
  spuId: number;
  skuId: number;
  roomGoodsId: number;
  flashSaleId: number;
  flashSkuId: number;
  flashPrice: number;
}

export const ADDRESS = { name: '张三', phone: '13800138000', region: '浙江省杭州市西湖区', detail: '文三路 100 号' };

export async function setupFlashSale(
  container: Container,
  options: { stock: number; limit: number; inventory?: number; price?: number; window?: 'now' | 'future'; payWindowSeconds?: number },
): Promise<FlashSetup> {
  const host = callerFor(container, await userByName(container, 'host1'));
  const tag = randomUUID().slice(0, 8);
  const goods = await host.catalog.create({
    title: `秒杀测试商品 ${tag}`,
    subtitle: '',
    description: '',
    categoryId: (await container.db.category.findFirstOrThrow({ select: { id: true } })).id,
    images: ['/goods/tee.svg'],
    specDefs: [],
    skus: [{ skuCode: `FS-${tag}`, specs: {}, price: 9900, stock: options.inventory ?? options.stock + 50 }],
  });
  const room = await host.live.create({ title: `秒杀测试直播间 ${tag}` });
  await host.live.start({ liveId: room.id });
  const desk = await host.live.addGoods({ liveId: room.id, spuIds: [goods.id] });
  const roomGoodsId = desk.goods.find((g) => g.spuId === goods.id)!.roomGoodsId;
  const flashPrice = options.price ?? 1990;
  const sale = await host.flashSale.create({
    liveId: room.id,
    roomGoodsId,
    window: options.window === 'future' ? { kind: 'scheduled', startsAt: new Date(Date.now() + 3600_000), endsAt: new Date(Date.now() + 7200_000) } : { kind: 'now', durationMinutes: 30 },
    payWindowSeconds: options.payWindowSeconds ?? 600,
    skus: [{ skuId: goods.skus[0]!.id, flashPrice, flashStock: options.stock, perUserLimit: options.limit }],
  });
  return { liveId: room.id, spuId: goods.id, skuId: goods.skus[0]!.id, roomGoodsId, flashSaleId: sale.id, flashSkuId: sale.skus[0]!.flashSkuId, flashPrice };
}

export function orderInput(setup: FlashSetup, over: Record<string, unknown> = {}) {
  return { liveId: setup.liveId, skuId: setup.skuId, flashSkuId: setup.flashSkuId, quantity: 1, idempotencyKey: randomUUID(), address: ADDRESS, sourceType: 'live' as const, trackingCode: 'tcstorm', ...over };
}
