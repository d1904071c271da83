import { hostProcedure, opsProcedure, publicProcedure, router } from '@/server/trpc/init';
import { liveIdInput, pinInput } from './live.schema';
import { getDeskRoom, getViewerRoom, listAllRooms, listShopRooms, pinGoods } from './live.service';

export const liveRouter = router({
  /** Viewer H5: the room with its on-shelf goods and pinned card. Public, like the live stream. */
  room: publicProcedure.input(liveIdInput).query(({ ctx, input }) => getViewerRoom(ctx.container.db, input.liveId)),
  myRooms: hostProcedure.query(({ ctx }) => listShopRooms(ctx.container.db, ctx.host.shopId)),
  desk: hostProcedure.input(liveIdInput).query(({ ctx, input }) => getDeskRoom(ctx.container.db, ctx.host.shopId, input.liveId)),
  pin: hostProcedure.input(pinInput).mutation(({ ctx, input }) => pinGoods(ctx.container, ctx.host.shopId, input)),
  allRooms: opsProcedure.query(({ ctx }) => listAllRooms(ctx.container.db)),
});
