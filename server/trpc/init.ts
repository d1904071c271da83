// The one initTRPC. Only `router`, `createCallerFactory` and the named procedures leave this
// file, so every route picks its access level on purpose.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { AppError, asAppError, INTERNAL_MESSAGE, type AppErrorCode } from '@/server/errors';
import { describeIssue } from '@/server/validation';
import type { Role, ShopRole } from '@/server/db/generated/enums';
import type { SessionUser } from '@/server/modules/auth/session';
import { requestIdOfCall, type Context } from './context';

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    // The last line: an internal error that did not pass mapAppErrors (context creation, the
    // adapter itself) shows the generic words, never its own text (it is logged by onError).
    const unmapped = error.code === 'INTERNAL_SERVER_ERROR' && !(cause instanceof AppError);
    return {
      ...shape,
      message: unmapped ? INTERNAL_MESSAGE : shape.message,
      data: {
        ...shape.data,
        // Field errors for forms, by dotted path ("skus.2.price"): a code, a message key and the
        // figures, put in words by the client in its own language (components/ui/field-errors.tsx).
        zod: cause instanceof ZodError ? { issues: cause.issues.map(describeIssue) } : null,
        reason: cause instanceof AppError ? (cause.reason ?? null) : unmapped ? 'INTERNAL' : null,
        // The figures and names the reason's words need (error.<REASON> in the locale files).
        params: cause instanceof AppError ? cause.params : {},
        // A failure on the server's side: the id the user can quote, the same as its log line's.
        ...(shape.data.httpStatus >= 500 && requestIdOfCall(ctx, error) ? { requestId: requestIdOfCall(ctx, error) } : {}),
        // Never leak internals to the client in production (an unmapped stack names the raw error).
        stack: process.env.NODE_ENV === 'production' || unmapped ? undefined : shape.data.stack,
      },
    };
  },
});

const trpcCode: Record<AppErrorCode, TRPCError['code']> = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

// Services throw AppError; map it once here so the HTTP status follows its code. A database or
// Redis that is down becomes a 503 (reason UNAVAILABLE, with Retry-After), anything else
// unexpected a 500 with generic words (reason INTERNAL). The raw error is logged here, once;
// client errors (zod input, auth, a router's own TRPCError) pass as they are.
// In production a refusal thrown as one shared AppError (sold out, limit reached: the storm's
// answers) maps to one shared TRPCError: building an Error captures a stack, and a storm refuses
// thousands of times a second. Outside production each keeps its own (its stack is sent).
const sharedTrpcErrors = new WeakMap<AppError, TRPCError>();
const SHARE_ERRORS = process.env.NODE_ENV === 'production';

const mapAppErrors = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  if (!(error.cause instanceof AppError) && error.code !== 'INTERNAL_SERVER_ERROR') return result;
  const raw = error.cause ?? error;
  const mapped = asAppError(raw);
  // A fresh AppError stands for `raw` (an AppError found under a wrapper is the service's own word).
  if (mapped.cause === raw) {
    if (mapped.code === 'SERVICE_UNAVAILABLE') ctx.container.log.warn({ err: raw, path, requestId: ctx.requestId }, 'procedure failed: a service is unavailable');
    else ctx.container.log.error({ err: raw, path, requestId: ctx.requestId }, 'procedure failed');
  }
  const shared = SHARE_ERRORS && mapped.httpStatus < 500 ? sharedTrpcErrors.get(mapped) : undefined;
  if (shared) throw shared;
  const trpcError = new TRPCError({ code: trpcCode[mapped.code], message: mapped.message, cause: mapped });
  if (SHARE_ERRORS && mapped.httpStatus < 500) sharedTrpcErrors.set(mapped, trpcError);
  throw trpcError;
});

const signedIn = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { user: ctx.user } });
});

/** Signed in and of this role; throws as signedIn would, then the role check's 403. */
function userOfRole(user: SessionUser | undefined, role: Role): SessionUser {
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  if (user.role !== role) throw new TRPCError({ code: 'FORBIDDEN', message: `Only ${role.toLowerCase()} accounts can do this` });
  return user;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapAppErrors);
export const authedProcedure = publicProcedure.use(signedIn);
// One middleware per role (each level of tRPC's middleware chain copies the call's options, and
// orders.create is the storm's path).
export const viewerProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = userOfRole(ctx.user, 'VIEWER');
  return next({ ctx: { user, viewer: user } });
});
export const hostProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = userOfRole(ctx.user, 'HOST');
  // Every host belongs to a shop; the seed and sign-up guarantee it.
  const shopId = user.shopId;
  if (shopId === null) throw new TRPCError({ code: 'FORBIDDEN', message: 'This host account has no shop' });
  return next({ ctx: { user, host: { ...user, shopId } } });
});
/** Hosts and ops: reads scoped to the host's shop, or every shop for ops (who change nothing). */
export const staffProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role === 'OPS') return next({ ctx: { scopeShopId: null as number | null } });
  if (ctx.user.role === 'HOST' && ctx.user.shopId !== null) return next({ ctx: { scopeShopId: ctx.user.shopId as number | null } });
  throw new TRPCError({ code: 'FORBIDDEN', message: 'Only host and ops accounts can do this' });
});
export const opsProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = userOfRole(ctx.user, 'OPS');
  return next({ ctx: { user, ops: user } });
});

// ── Parts inside a shop (owner / operator 助播 / moderator 场控) ──

/** The least part a shop procedure needs: 'owner' the owner only, 'operator' the owner and
 *  operators (the desk), 'moderator' every member (reads; the room's comments and viewers). */
export type ShopPart = 'owner' | 'operator' | 'moderator';
const partRank: Record<ShopRole, number> = { OWNER: 3, OPERATOR: 2, MODERATOR: 1 };
const leastRank: Record<ShopPart, number> = { owner: 3, operator: 2, moderator: 1 };
const partWords: Record<ShopRole, string> = { OWNER: 'the owner', OPERATOR: 'operators (助播)', MODERATOR: 'moderators (场控)' };

/**
 * A member of a shop with at least the given part. Narrows ctx like hostProcedure (ctx.host)
 * and adds ctx.member with the part. The part comes with the session; callers built without
 * one (tests) have it read from the database.
 */
export function shopProcedure(least: ShopPart) {
  return publicProcedure.use(async ({ ctx, next }) => {
    const user = userOfRole(ctx.user, 'HOST');
    let { shopId, shopRole } = user;
    if (shopRole === undefined) {
      const row = await ctx.container.db.user.findUnique({ where: { id: user.id }, select: { shopId: true, shopRole: true } });
      shopId = row?.shopId ?? null;
      shopRole = row?.shopRole ?? null;
    }
    if (shopId === null || !shopRole) throw new TRPCError({ code: 'FORBIDDEN', message: 'This host account has no shop' });
    if (partRank[shopRole] < leastRank[least]) {
      throw new AppError('FORBIDDEN', `As one of ${partWords[shopRole]} of this shop you cannot do this: ask ${least === 'owner' ? 'the owner' : 'the owner or an operator'}`, 'NOT_YOUR_PART', {
        params: { part: shopRole, ask: least === 'owner' ? 'OWNER' : 'OWNER_OR_OPERATOR' },
      });
    }
    const member = { ...user, shopId, shopRole };
    return next({ ctx: { user: member, host: member, member } });
  });
}
