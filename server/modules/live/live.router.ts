import { hostProcedure, opsProcedure, publicProcedure, router, staffProcedure } from '@/server/trpc/init';
import { addGoodsInput, createRoomInput, liveIdInput, pinInput, reorderInput, roomGoodsInput, shelfInput, welfareInput } from './live.schema';
import {
  addGoods,
  createRoom,
  endRoom,
  getDeskRoom,
  getViewerRoom,
  listAllRooms,
  listPinSegments,
  listShopRooms,
  pinGoods,
  removeGoods,
  reorderGoods,
  setShelf,
  setWelfare,
  startRoom,
} from './live.service';

export const liveRouter = router({
  /** Viewer H5: the room with its on-shelf goods and pinned card. Public, like the live stream. */
  room: publicProcedure.input(liveIdInput).query(({ ctx, input }) => getViewerRoom(ctx.container, input.liveId)),
  myRooms: hostProcedure.query(({ ctx }) => listShopRooms(ctx.container.db, ctx.host.shopId)),
  allRooms: opsProcedure.query(({ ctx }) => listAllRooms(ctx.container.db)),
  desk: staffProcedure.input(liveIdInput).query(({ ctx, input }) => getDeskRoom(ctx.container.db, ctx.scopeShopId, input.liveId)),
  pinHistory: staffProcedure.input(liveIdInput).query(({ ctx, input }) => listPinSegments(ctx.container.db, ctx.scopeShopId, input.liveId)),
  create: hostProcedure.input(createRoomInput).mutation(({ ctx, input }) => createRoom(ctx.container.db, ctx.host, input)),
  start: hostProcedure.input(liveIdInput).mutation(({ ctx, input }) => startRoom(ctx.container, ctx.host.shopId, input.liveId)),
  end: hostProcedure.input(liveIdInput).mutation(({ ctx, input }) => endRoom(ctx.container, ctx.host.shopId, input.liveId)),
  addGoods: hostProcedure.input(addGoodsInput).mutation(({ ctx, input }) => addGoods(ctx.container, ctx.host.shopId, input)),
  removeGoods: hostProcedure.input(roomGoodsInput).mutation(({ ctx, input }) => removeGoods(ctx.container, ctx.host.shopId, input)),
  reorder: hostProcedure.input(reorderInput).mutation(({ ctx, input }) => reorderGoods(ctx.container, ctx.host.shopId, input)),
  setShelf: hostProcedure.input(shelfInput).mutation(({ ctx, input }) => setShelf(ctx.container, ctx.host.shopId, input)),
  setWelfare: hostProcedure.input(welfareInput).mutation(({ ctx, input }) => setWelfare(ctx.container, ctx.host.shopId, input)),
  pin: hostProcedure.input(pinInput).mutation(({ ctx, input }) => pinGoods(ctx.container, ctx.host.shopId, input)),
});
