import { hostProcedure, router } from '@/server/trpc/init';
import { listShopGoodsInput } from './catalog.schema';
import { listShopGoods } from './catalog.service';

export const catalogRouter = router({
  /** The host's own goods library. */
  myGoods: hostProcedure.input(listShopGoodsInput).query(({ ctx, input }) => listShopGoods(ctx.container.db, ctx.host.shopId, input)),
});
