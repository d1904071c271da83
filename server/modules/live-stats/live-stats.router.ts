import { opsProcedure, router, staffProcedure } from '@/server/trpc/init';
import { boardInput, reconcileStatsInput, retryInput } from './live-stats.schema';
import { pinAttribution, recentOrderCount, roomBoard, roomFunnel, roomsOverview, syncHealth } from './board.service';
import { retryEvents } from './outbox-relay';
import { reconcileStats } from './stats-reconcile';

export const liveStatsRouter = router({
  /** Every room with its numbers (ops), or the host's own rooms. */
  overview: staffProcedure.query(({ ctx }) => roomsOverview(ctx.container, ctx.scopeShopId)),
  board: staffProcedure.input(boardInput).query(({ ctx, input }) => roomBoard(ctx.container, ctx.scopeShopId, input.liveId)),
  /** "Orders in the last 60 s" alone, for clients to poll: it falls with time, not with events. */
  lastMinute: staffProcedure.input(boardInput).query(({ ctx, input }) => recentOrderCount(ctx.container, ctx.scopeShopId, input.liveId)),
  funnel: staffProcedure.input(boardInput).query(({ ctx, input }) => roomFunnel(ctx.container, ctx.scopeShopId, input.liveId)),
  pins: staffProcedure.input(boardInput).query(({ ctx, input }) => pinAttribution(ctx.container, ctx.scopeShopId, input.liveId)),
  syncHealth: opsProcedure.query(({ ctx }) => syncHealth(ctx.container)),
  retry: opsProcedure.input(retryInput).mutation(({ ctx, input }) => retryEvents(ctx.container, input.outboxIds.map(BigInt))),
  reconcile: opsProcedure.input(reconcileStatsInput).mutation(({ ctx, input }) => reconcileStats(ctx.container, input.liveId)),
});
