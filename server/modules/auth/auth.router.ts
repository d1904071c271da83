import { TRPCError } from '@trpc/server';
import { authedProcedure, publicProcedure, router } from '@/server/trpc/init';
import { localeInput, sessionIdInput, signInInput, signUpInput } from './auth.schema';
import { authenticate, demoAccounts, endAllSessions, endOwnSession, endSession, listSessions, localeCookie, saveLocale, signUp, startSession } from './auth.service';
import type { SessionUser } from './session';

/** What the browser learns about its user (not the session id). */
const publicUser = (user: SessionUser) => ({ id: user.id, role: user.role, name: user.name, shopId: user.shopId, shopRole: user.shopRole ?? null });

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => (ctx.user ? publicUser(ctx.user) : null)),
  /** Only in demo mode (README "Accounts"): the seeded accounts and their shared password. */
  demoAccounts: publicProcedure.query(({ ctx }) => demoAccounts(ctx.container)),
  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const { locale, ...user } = await authenticate(ctx.container, input, ctx.ip);
    if (!ctx.session) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Sign-in needs an HTTP request' });
    const started = await startSession(ctx.container, await ctx.session(), user, ctx.ip);
    // A browser that never chose a language (a new device) takes the one the user chose last;
    // a browser that chose keeps its choice.
    if (locale && !ctx.locale) ctx.setCookie?.(localeCookie(locale));
    return { ...publicUser(started), locale };
  }),
  /** The language switch: the browser's cookie, and the account's choice when signed in. */
  setLocale: publicProcedure.input(localeInput).mutation(async ({ ctx, input }) => {
    ctx.setCookie?.(localeCookie(input.locale));
    if (ctx.user) await saveLocale(ctx.container, ctx.user, input.locale);
    return { locale: input.locale };
  }),
  /** A new account (a viewer, or a member of the shop whose invitation code it brings), signed in. */
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const user = await signUp(ctx.container, input, ctx.ip);
    return publicUser(ctx.session ? await startSession(ctx.container, await ctx.session(), user, ctx.ip) : user);
  }),
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    await endSession(ctx.container, await ctx.session?.());
    return { ok: true };
  }),
  /** Ends every session of the account, this one too. */
  signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => endAllSessions(ctx.container, ctx.user, await ctx.session?.())),
  /** The account's signed-in browsers. */
  sessions: authedProcedure.query(({ ctx }) => listSessions(ctx.container, ctx.user)),
  revokeSession: authedProcedure.input(sessionIdInput).mutation(({ ctx, input }) => endOwnSession(ctx.container, ctx.user, input.id, ctx.session)),
});
