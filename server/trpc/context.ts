// tRPC context. The inner part is plain data, so tests build it directly with createCaller.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TLSSocket } from 'node:tls';
import { TRPCError } from '@trpc/server';
import { LOCALE_COOKIE, isLocale, type Locale } from '@/components/i18n/config';
import type { Container } from '@/server/container';
import { traceIdOf } from '@/server/tracing';
import { sessionCookieSecure } from '@/server/edges/cookies';
import { foreignOriginError, isAllowedOrigin } from '@/server/edges/origin';
import { cachedSessionUser, getRequestSession, sessionOptions, type Session, type SessionUser } from '@/server/modules/auth/session';

export interface ContextInner {
  container: Container;
  user: SessionUser | undefined;
  /** Present for HTTP calls; sign-in and sign-out write the cookie through it (opened on demand). */
  session?: () => Promise<Session>;
  /** The caller's address, for rate limits. */
  ip: string;
  /** Anonymous visitor id (cookie), so signed-out viewers count in the funnel. */
  visitorId?: string;
  /** Names this call in the log and in an error the user sees (X-Request-Id). */
  requestId: string;
  /** Present for HTTP calls: adds a Set-Cookie to the reply (the language at sign-in). */
  setCookie?: (value: string) => void;
  /** The language this browser chose (its `lang` cookie), if it chose one. */
  locale?: Locale;
  /** The W3C trace id the call carries (`traceparent`): the buyer's trail from the card click. */
  traceId?: string;
}

export function createContextInner(opts: {
  container: Container;
  user?: SessionUser;
  session?: () => Promise<Session>;
  ip?: string;
  visitorId?: string;
  requestId?: string;
  setCookie?: (value: string) => void;
  locale?: Locale;
  traceId?: string;
}): ContextInner {
  return {
    container: opts.container,
    user: opts.user,
    session: opts.session,
    ip: opts.ip ?? '127.0.0.1',
    visitorId: opts.visitorId,
    requestId: opts.requestId ?? newRequestId(),
    setCookie: opts.setCookie,
    locale: opts.locale,
    traceId: opts.traceId,
  };
}

/** The request id of a call, also when it failed before its context existed. */
export function requestIdOfCall(ctx: { requestId?: string } | undefined, error: { cause?: unknown }): string | undefined {
  const carried = (error.cause as { requestId?: unknown } | undefined)?.requestId;
  return ctx?.requestId ?? (typeof carried === 'string' ? carried : undefined);
}

export const newRequestId = () => randomUUID().replace(/-/g, '').slice(0, 16);

/** The caller's X-Request-Id when it looks like one (a proxy's), else a new one; echoed on the response. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : newRequestId();
  if (!res.headersSent) res.setHeader('X-Request-Id', id);
  return id;
}

export const VISITOR_COOKIE = 'lc_vid';

function localeFromCookie(cookie: string | undefined): Locale | undefined {
  const value = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([a-z]{2})`).exec(cookie ?? '')?.[1];
  return isLocale(value) ? value : undefined;
}

/** The visitor id a Cookie header carries, if any. */
export function visitorIdFromCookie(cookie: string | undefined): string | undefined {
  return /(?:^|;\s*)lc_vid=([A-Za-z0-9_-]{8,64})/.exec(cookie ?? '')?.[1];
}

/** A new visitor id and its Set-Cookie value (the socket handshake sets it too). */
export function newVisitorCookie(secure: boolean): { id: string; setCookie: string } {
  const id = randomUUID().replace(/-/g, '');
  return { id, setCookie: `${VISITOR_COOKIE}=${id}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}` };
}

// A random id per browser, set on first visit; not tied to any account.
function visitorIdOf(req: IncomingMessage, res: ServerResponse, secure: boolean): string {
  const known = visitorIdFromCookie(req.headers.cookie);
  if (known) return known;
  const { id, setCookie } = newVisitorCookie(secure);
  res.appendHeader('Set-Cookie', setCookie);
  return id;
}

export async function createHttpContext(container: Container, req: IncomingMessage, res: ServerResponse): Promise<ContextInner> {
  const requestId = requestIdOf(req, res);
  const encrypted = req.socket instanceof TLSSocket;
  // Mutations are POSTs (tRPC refuses them over GET): one from another site's page is refused
  // before any procedure runs, on both lanes.
  if (req.method === 'POST' && !isAllowedOrigin(req.headers, container.env.APP_ORIGINS, encrypted)) {
    const cause = foreignOriginError();
    throw new TRPCError({ code: 'FORBIDDEN', message: cause.message, cause });
  }
  const secure = sessionCookieSecure(container.env, req.headers, encrypted);
  // Reading the user is on every call's path (unsealed once per cookie, then remembered);
  // the writable session only for sign-in and sign-out.
  let user: SessionUser | undefined;
  try {
    user = await cachedSessionUser(req.headers.cookie, container);
  } catch (error) {
    // No context without the user: the error carries the request's id to the reply and the log.
    throw Object.assign(error as object, { requestId });
  }
  const session = () => getRequestSession(req, res, sessionOptions(container.sessionPassword, secure));
  const setCookie = (value: string) => {
    if (!res.headersSent) res.appendHeader('Set-Cookie', value);
  };
  return createContextInner({ container, user, session, ip: container.clientIp(req), visitorId: visitorIdOf(req, res, secure), requestId, setCookie, locale: localeFromCookie(req.headers.cookie), traceId: traceIdOf(req.headers) });
}

export type Context = ContextInner;
