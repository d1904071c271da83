import { publicProcedure, router, shopProcedure, staffProcedure } from '@/server/trpc/init';
import { changeStockInput, createGoodsInput, goodsDetailInput, listShopGoodsInput, spuIdInput, updateGoodsInput } from './catalog.schema';
import { changeStock, createGoods, getGoodsDetail, getShopGoods, listCategories, listLibraryImages, listShopGoods, updateGoods } from './catalog.service';

export const catalogRouter = router({
  categories: publicProcedure.query(({ ctx }) => listCategories(ctx.container.db)),
  libraryImages: staffProcedure.query(() => listLibraryImages()),
  /** The goods library: the host's own shop, or every shop for ops. */
  goods: staffProcedure.input(listShopGoodsInput).query(({ ctx, input }) => listShopGoods(ctx.container.db, ctx.scopeShopId, input)),
  goodsById: staffProcedure.input(spuIdInput).query(({ ctx, input }) => getShopGoods(ctx.container.db, ctx.scopeShopId, input.spuId)),
  // Changes: the shop's owner and operators (not moderators); each one is in the audit log.
  create: shopProcedure('operator').input(createGoodsInput).mutation(({ ctx, input }) => createGoods(ctx.container, ctx.member.shopId, input, ctx.member)),
  update: shopProcedure('operator').input(updateGoodsInput).mutation(({ ctx, input }) => updateGoods(ctx.container, ctx.member.shopId, input, ctx.member)),
  changeStock: shopProcedure('operator').input(changeStockInput).mutation(({ ctx, input }) => changeStock(ctx.container, ctx.member.shopId, input, ctx.member)),
  /** Viewer H5 goods detail (商详页), reached by the deep link. */
  detail: publicProcedure.input(goodsDetailInput).query(({ ctx, input }) => getGoodsDetail(ctx.container, input)),
});
