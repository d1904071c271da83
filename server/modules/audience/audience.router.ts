import type { Container } from '@/server/container';
import { AppError } from '@/server/errors';
import { router, staffProcedure } from '@/server/trpc/init';
import { audienceInput } from './audience.schema';
import { audienceRuntime } from './runtime';

// Only ops and the room's own shop see its audience; another shop's room looks missing.
async function requireRoom(container: Container, shopId: number | null, liveId: number) {
  const room = await container.db.liveSession.findUnique({ where: { id: liveId }, select: { shopId: true } });
  if (!room || (shopId !== null && room.shopId !== shopId)) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist in your shop`);
}

export const audienceRouter = router({
  /** Online now, entries, unique viewers, peak, watch time, GPM, conversion: clients poll it (computed ≤ 1/s per room). */
  figures: staffProcedure.input(audienceInput).query(async ({ ctx, input }) => {
    await requireRoom(ctx.container, ctx.scopeShopId, input.liveId);
    return audienceRuntime(ctx.container).figures(input.liveId);
  }),
  /** Viewers per minute over the session, with the 讲解 segments. */
  curve: staffProcedure.input(audienceInput).query(async ({ ctx, input }) => {
    await requireRoom(ctx.container, ctx.scopeShopId, input.liveId);
    return audienceRuntime(ctx.container).curve(input.liveId);
  }),
});
