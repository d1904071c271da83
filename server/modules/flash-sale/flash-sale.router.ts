import { hostProcedure, publicProcedure, router, staffProcedure } from '@/server/trpc/init';
import { adjustFlashStockInput, createSaleInput, roomSalesInput, saleIdInput } from './flash-sale.schema';
import { adjustFlashStock, createSale, listRoomSales, startSaleNow, stopSale } from './flash-sale.service';

export const flashSaleRouter = router({
  /** The server's clock, so countdowns follow it rather than the phone's. */
  clock: publicProcedure.query(() => ({ now: Date.now() })),
  /** The room's sales with the stock ledger of each flash SKU. */
  forRoom: staffProcedure.input(roomSalesInput).query(({ ctx, input }) => listRoomSales(ctx.container.db, ctx.scopeShopId, input.liveId)),
  create: hostProcedure.input(createSaleInput).mutation(({ ctx, input }) => createSale(ctx.container, ctx.host.shopId, input)),
  start: hostProcedure.input(saleIdInput).mutation(({ ctx, input }) => startSaleNow(ctx.container, ctx.host.shopId, input.flashSaleId)),
  stop: hostProcedure.input(saleIdInput).mutation(({ ctx, input }) => stopSale(ctx.container, ctx.host.shopId, input.flashSaleId)),
  adjustStock: hostProcedure.input(adjustFlashStockInput).mutation(({ ctx, input }) => adjustFlashStock(ctx.container, ctx.host.shopId, input)),
});
