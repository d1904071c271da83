import { TRPCError } from '@trpc/server';
import { DEMO_PASSWORD } from '@/prisma/seed-data';
import { publicProcedure, router } from '@/server/trpc/init';
import { signInInput } from './auth.schema';
import { authenticate, listDemoAccounts } from './auth.service';

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user ?? null),
  demoAccounts: publicProcedure.query(async ({ ctx }) => ({
    password: DEMO_PASSWORD,
    accounts: await listDemoAccounts(ctx.container.db),
  })),
  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    if (!ctx.session) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Sign-in needs an HTTP request' });
    const user = await authenticate(ctx.container.db, input);
    const session = await ctx.session();
    session.user = user;
    await session.save();
    return user;
  }),
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    (await ctx.session?.())?.destroy();
    return { ok: true };
  }),
});
