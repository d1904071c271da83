import { router, staffProcedure, viewerProcedure } from '@/server/trpc/init';
import { createOrderInput, orderSnInput, quoteInput, roomOrdersInput } from './orders.schema';
import { cancelOrder, createOrder, getMyAddress, getMyOrder, listMyOrders, listRoomOrders, payOrder, quote } from './orders.service';

export const ordersRouter = router({
  quote: viewerProcedure.input(quoteInput).query(({ ctx, input }) => quote(ctx.container, ctx.viewer.id, input)),
  myAddress: viewerProcedure.query(({ ctx }) => getMyAddress(ctx.container.db, ctx.viewer.id)),
  create: viewerProcedure.input(createOrderInput).mutation(({ ctx, input }) => createOrder(ctx.container, ctx.viewer, ctx.ip, input)),
  pay: viewerProcedure.input(orderSnInput).mutation(({ ctx, input }) => payOrder(ctx.container, ctx.viewer, input.orderSn)),
  cancel: viewerProcedure.input(orderSnInput).mutation(({ ctx, input }) => cancelOrder(ctx.container, ctx.viewer, input.orderSn)),
  mine: viewerProcedure.query(({ ctx }) => listMyOrders(ctx.container.db, ctx.viewer.id)),
  bySn: viewerProcedure.input(orderSnInput).query(({ ctx, input }) => getMyOrder(ctx.container.db, ctx.viewer.id, input.orderSn)),
  /** The desk's live order list (buyers by name): the room's own host, or ops. */
  forRoom: staffProcedure.input(roomOrdersInput).query(({ ctx, input }) => listRoomOrders(ctx.container.db, ctx.scopeShopId, input.liveId, input.limit)),
});
