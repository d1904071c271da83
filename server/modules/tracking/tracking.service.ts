// Viewer behaviour for the ops funnel: cart opens → card clicks → detail views (→ orders → paid).
import type { Container } from '@/server/container';
import { AppError } from '@/server/errors';
import { traceIdOfTrackingCode } from '@/server/trace-id';
import { limitTracking, type Tracker } from './tracking.rate-limit';
import type { TrackInput } from './tracking.schema';

export async function track(container: Container, input: TrackInput, who: Tracker) {
  // Counted before anything is read: refused events count too.
  await limitTracking(container, who);
  const { db } = container;
  const room = await db.liveSession.findUnique({ where: { id: input.liveId }, select: { id: true } });
  if (!room) throw new AppError('NOT_FOUND', `Live room ${input.liveId} does not exist`);
  if (input.spuId) {
    const onShelf = await db.liveRoomGoods.findFirst({ where: { liveId: input.liveId, spuId: input.spuId }, select: { id: true } });
    if (!onShelf) throw new AppError('NOT_FOUND', `Goods ${input.spuId} is not in live room ${input.liveId}`);
  }
  if (input.skuId) {
    // The SKU's goods must be in this room, whether or not the goods is named too.
    const sku = await db.sku.findFirst({
      where: { id: input.skuId, ...(input.spuId ? { spuId: input.spuId } : {}), spu: { roomGoods: { some: { liveId: input.liveId } } } },
      select: { id: true },
    });
    if (!sku) throw new AppError('NOT_FOUND', `SKU ${input.skuId} is not in live room ${input.liveId}${input.spuId ? ` under goods ${input.spuId}` : ''}`);
  }
  await db.trackingEvent.create({
    data: {
      type: input.type,
      liveId: input.liveId,
      spuId: input.spuId ?? null,
      skuId: input.skuId ?? null,
      trackingCode: input.trackingCode ?? null,
      sourceType: input.sourceType ?? null,
      userId: who.userId ?? null,
      visitorId: who.visitorId ?? null,
      traceId: who.traceId ?? traceIdOfTrackingCode(input.trackingCode) ?? null,
    },
  });
  return { ok: true as const };
}
