import { opsProcedure, router, staffProcedure, viewerProcedure } from '@/server/trpc/init';
import { traceIdOfTrackingCode } from '@/server/trace-id';
import { orderTrail } from './order-trail';
import { createOrderInput, orderSnInput, quoteInput, roomOrdersInput } from './orders.schema';
import { cancelOrder, createOrder, getMyAddress, getMyOrder, listMyOrders, listRoomOrders, payOrder, quote } from './orders.service';

export const ordersRouter = router({
  quote: viewerProcedure.input(quoteInput).query(({ ctx, input }) => quote(ctx.container, ctx.viewer.id, input)),
  myAddress: viewerProcedure.query(({ ctx }) => getMyAddress(ctx.container.db, ctx.viewer.id)),
  // The trail's trace id: the body's (the seed's trace_id), else the request's traceparent, else the click's tracking code's.
  create: viewerProcedure
    .input(createOrderInput)
    .mutation(({ ctx, input }) => createOrder(ctx.container, ctx.viewer, ctx.ip, { ...input, traceId: input.traceId ?? ctx.traceId ?? traceIdOfTrackingCode(input.trackingCode) })),
  pay: viewerProcedure.input(orderSnInput).mutation(({ ctx, input }) => payOrder(ctx.container, ctx.viewer, input.orderSn)),
  cancel: viewerProcedure.input(orderSnInput).mutation(({ ctx, input }) => cancelOrder(ctx.container, ctx.viewer, input.orderSn)),
  mine: viewerProcedure.query(({ ctx }) => listMyOrders(ctx.container.db, ctx.viewer.id)),
  bySn: viewerProcedure.input(orderSnInput).query(({ ctx, input }) => getMyOrder(ctx.container.db, ctx.viewer.id, input.orderSn)),
  /** The desk's live order list (buyers by name): the room's own host, or ops. */
  /** Ops: an order's trail from the card click to payment, with times (by its trace id). */
  trail: opsProcedure.input(orderSnInput).query(({ ctx, input }) => orderTrail(ctx.container.db, input.orderSn)),
  forRoom: staffProcedure.input(roomOrdersInput).query(({ ctx, input }) => listRoomOrders(ctx.container.db, ctx.scopeShopId, input.liveId, input.limit)),
});
