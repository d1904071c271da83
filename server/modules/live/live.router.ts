import type { Container } from '@/server/container';
import { audit, type AuditActor } from '@/server/modules/audit/audit';
import { hostProcedure, opsProcedure, publicProcedure, router, shopProcedure, staffProcedure } from '@/server/trpc/init';
import type { CreateRoomInput } from './live.schema';
import { addGoodsInput, createRoomInput, liveIdInput, pinInput, reorderInput, roomGoodsInput, shelfInput, welfareInput } from './live.schema';
import { setStreamInput } from './stream.schema';
import { getStream, setStream } from './stream.service';
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

// createRoom takes the database alone; its line of the audit log is written here.
async function createRoomAudited(container: Container, member: AuditActor & { shopId: number }, input: CreateRoomInput) {
  const room = await createRoom(container.db, member, input);
  await audit(container, member, 'room.create', { type: 'room', id: room.id, name: room.title }, null, { title: room.title, status: room.status, scheduledAt: input.scheduledAt ?? null });
  return room;
}

export const liveRouter = router({
  /** Viewer H5: the room with its on-shelf goods and pinned card. Public, like the live stream. */
  room: publicProcedure.input(liveIdInput).query(({ ctx, input }) => getViewerRoom(ctx.container, input.liveId)),
  myRooms: hostProcedure.query(({ ctx }) => listShopRooms(ctx.container.db, ctx.host.shopId)),
  allRooms: opsProcedure.query(({ ctx }) => listAllRooms(ctx.container.db)),
  desk: staffProcedure.input(liveIdInput).query(({ ctx, input }) => getDeskRoom(ctx.container.db, ctx.scopeShopId, input.liveId)),
  pinHistory: staffProcedure.input(liveIdInput).query(({ ctx, input }) => listPinSegments(ctx.container.db, ctx.scopeShopId, input.liveId)),
  /** The room's pull URL and cover, for the desk's stream panel. */
  stream: staffProcedure.input(liveIdInput).query(({ ctx, input }) => getStream(ctx.container.db, ctx.scopeShopId, input.liveId)),
  // Changes: the shop's owner and operators (not moderators); each one is in the audit log.
  create: shopProcedure('operator').input(createRoomInput).mutation(({ ctx, input }) => createRoomAudited(ctx.container, ctx.member, input)),
  start: shopProcedure('operator').input(liveIdInput).mutation(({ ctx, input }) => startRoom(ctx.container, ctx.member.shopId, input.liveId, ctx.member)),
  end: shopProcedure('operator').input(liveIdInput).mutation(({ ctx, input }) => endRoom(ctx.container, ctx.member.shopId, input.liveId, ctx.member)),
  addGoods: shopProcedure('operator').input(addGoodsInput).mutation(({ ctx, input }) => addGoods(ctx.container, ctx.member.shopId, input, ctx.member)),
  removeGoods: shopProcedure('operator').input(roomGoodsInput).mutation(({ ctx, input }) => removeGoods(ctx.container, ctx.member.shopId, input, ctx.member)),
  reorder: shopProcedure('operator').input(reorderInput).mutation(({ ctx, input }) => reorderGoods(ctx.container, ctx.member.shopId, input, ctx.member)),
  setShelf: shopProcedure('operator').input(shelfInput).mutation(({ ctx, input }) => setShelf(ctx.container, ctx.member.shopId, input, ctx.member)),
  setWelfare: shopProcedure('operator').input(welfareInput).mutation(({ ctx, input }) => setWelfare(ctx.container, ctx.member.shopId, input, ctx.member)),
  pin: shopProcedure('operator').input(pinInput).mutation(({ ctx, input }) => pinGoods(ctx.container, ctx.member.shopId, input, ctx.member)),
  setStream: shopProcedure('operator').input(setStreamInput).mutation(({ ctx, input }) => setStream(ctx.container, ctx.member.shopId, input, ctx.member)),
});
