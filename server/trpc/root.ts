import { authRouter } from '@/server/modules/auth/auth.router';
import { catalogRouter } from '@/server/modules/catalog/catalog.router';
import { liveRouter } from '@/server/modules/live/live.router';
import { createCallerFactory, router } from './init';

export const appRouter = router({
  auth: authRouter,
  catalog: catalogRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
