import { authRouter } from '@/server/modules/auth/auth.router';
import { catalogRouter } from '@/server/modules/catalog/catalog.router';
import { liveRouter } from '@/server/modules/live/live.router';
import { trackingRouter } from '@/server/modules/tracking/tracking.router';
import { flashSaleRouter } from '@/server/modules/flash-sale/flash-sale.router';
import { ordersRouter } from '@/server/modules/orders/orders.router';
import { liveStatsRouter } from '@/server/modules/live-stats/live-stats.router';
import { membersRouter } from '@/server/modules/members/members.router';
import { auditRouter } from '@/server/modules/audit/audit.router';
import { audienceRouter } from '@/server/modules/audience/audience.router';
import { interactionRouter } from '@/server/modules/interaction/interaction.router';
import { createCallerFactory, router } from './init';

export const appRouter = router({
  auth: authRouter,
  catalog: catalogRouter,
  live: liveRouter,
  tracking: trackingRouter,
  flashSale: flashSaleRouter,
  orders: ordersRouter,
  liveStats: liveStatsRouter,
  members: membersRouter,
  audit: auditRouter,
  audience: audienceRouter,
  interaction: interactionRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
