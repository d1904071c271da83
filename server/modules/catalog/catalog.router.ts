import { hostProcedure, publicProcedure, router, staffProcedure } from '@/server/trpc/init';
import { changeStockInput, createGoodsInput, goodsDetailInput, listShopGoodsInput, spuIdInput, updateGoodsInput } from './catalog.schema';
import { changeStock, createGoods, getGoodsDetail, getShopGoods, listCategories, listLibraryImages, listShopGoods, updateGoods } from './catalog.service';

export const catalogRouter = router({
  categories: publicProcedure.query(({ ctx }) => listCategories(ctx.container.db)),
  libraryImages: staffProcedure.query(() => listLibraryImages()),
  /** The goods library: the host's own shop, or every shop for ops. */
  goods: staffProcedure.input(listShopGoodsInput).query(({ ctx, input }) => listShopGoods(ctx.container.db, ctx.scopeShopId, input)),
  goodsById: staffProcedure.input(spuIdInput).query(({ ctx, input }) => getShopGoods(ctx.container.db, ctx.scopeShopId, input.spuId)),
  create: hostProcedure.input(createGoodsInput).mutation(({ ctx, input }) => createGoods(ctx.container, ctx.host.shopId, input)),
  update: hostProcedure.input(updateGoodsInput).mutation(({ ctx, input }) => updateGoods(ctx.container, ctx.host.shopId, input)),
  changeStock: hostProcedure.input(changeStockInput).mutation(({ ctx, input }) => changeStock(ctx.container, ctx.host.shopId, input)),
  /** Viewer H5 goods detail (商详页), reached by the deep link. */
  detail: publicProcedure.input(goodsDetailInput).query(({ ctx, input }) => getGoodsDetail(ctx.container, input)),
});
