import { publicProcedure, router } from '@/server/trpc/init';
import { trackInput } from './tracking.schema';
import { track } from './tracking.service';

export const trackingRouter = router({
  track: publicProcedure.input(trackInput).mutation(({ ctx, input }) => track(ctx.container, input, { userId: ctx.user?.id, visitorId: ctx.visitorId, ip: ctx.ip, traceId: ctx.traceId })),
});
