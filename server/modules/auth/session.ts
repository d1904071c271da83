// The session cookie (iron-session: signed, encrypted, httpOnly). It carries one thing, the
// token of a server-side session (session-store.ts); who the user is, and whether the session
// still stands, is read from the store. The same cookie authenticates tRPC calls,
// server-rendered pages and socket.io connections.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import { getIronSession, unsealData, type IronSession, type SessionOptions } from 'iron-session';
import type { Container } from '@/server/container';
import type { Role, ShopRole } from '@/server/db/generated/enums';
import { toAppError } from '@/server/errors';
import { sessionStoreFor, sessionStoreForPassword } from './runtime';
import { sessionIdOf } from './token';

export { newSessionToken, sessionIdOf } from './token';

export const SESSION_COOKIE = 'livecart_session';
/** The absolute lifetime of a session (the store also ends it after IDLE days unused). */
export const SESSION_TTL_SECONDS = 30 * 24 * 3600;

export interface SessionUser {
  id: number;
  role: Role;
  name: string;
  /** The host's shop; null for viewers and ops. */
  shopId: number | null;
  /** The host's part in the shop (owner / operator / moderator); null for viewers and ops.
   *  Read from the store with the session; absent on users that tests build without one. */
  shopRole?: ShopRole | null;
  /** The public id of the session the user came with (never the token). */
  sessionId?: string;
}

/** What the cookie holds: the session's token. */
export interface SessionData {
  t?: string;
}

/** The writable cookie of one request, with what sign-in records about the browser. */
export type Session = IronSession<SessionData> & { readonly request: { userAgent: string } };

export function sessionOptions(password: string, secure: boolean): SessionOptions {
  return {
    password,
    cookieName: SESSION_COOKIE,
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure, path: '/' },
  };
}

export async function getRequestSession(req: IncomingMessage, res: ServerResponse, options: SessionOptions): Promise<Session> {
  const session = await getIronSession<SessionData>(req, res, options);
  // Not enumerable: iron-session seals the object's own enumerable fields.
  Object.defineProperty(session, 'request', { value: { userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300) }, enumerable: false });
  return session as Session;
}

function cookieValue(header: string | undefined): string | undefined {
  const match = header?.split(/;\s*/).find((part) => part.startsWith(`${SESSION_COOKIE}=`));
  return match?.slice(SESSION_COOKIE.length + 1) || undefined;
}

/** The session id a raw Cookie header carries; undefined when absent, tampered or of the old kind. */
export async function sessionIdFromCookieHeader(header: string | undefined, password: string): Promise<string | undefined> {
  const sealed = cookieValue(header);
  if (!sealed) return undefined;
  try {
    const data = await unsealData<SessionData>(decodeURIComponent(sealed), { password, ttl: SESSION_TTL_SECONDS });
    return typeof data.t === 'string' && data.t.length >= 32 ? sessionIdOf(data.t) : undefined;
  } catch {
    return undefined;
  }
}

// Unsealing costs two crypto calls and the hash one more; the same cookie comes back with
// every request. Only the id is remembered here: whether the session stands is the store's.
const UNSEALED_TTL_MS = 60_000;
const UNSEALED_MAX = 20_000;
const unsealedByPassword = new Map<string, Map<string, { id: string | undefined; until: number }>>();

async function cachedSessionId(header: string | undefined, password: string): Promise<string | undefined> {
  const sealed = cookieValue(header);
  if (!sealed) return undefined;
  let unsealed = unsealedByPassword.get(password);
  if (!unsealed) unsealedByPassword.set(password, (unsealed = new Map()));
  const now = Date.now();
  const hit = unsealed.get(sealed);
  if (hit && hit.until > now) return hit.id;
  const id = await sessionIdFromCookieHeader(`${SESSION_COOKIE}=${sealed}`, password);
  if (unsealed.size >= UNSEALED_MAX) unsealed.clear();
  unsealed.set(sealed, { id, until: now + UNSEALED_TTL_MS });
  return id;
}

type StoreSource = string | Container;

function storeOf(source: StoreSource) {
  return typeof source === 'string' ? sessionStoreForPassword(source) : sessionStoreFor(source);
}

async function userOf(header: string | undefined, source: StoreSource): Promise<SessionUser | undefined> {
  const password = typeof source === 'string' ? source : source.sessionPassword;
  const id = await cachedSessionId(header, password);
  if (!id) return undefined;
  return storeOf(source)?.resolve(id);
}

/**
 * The user of a raw Cookie header (socket.io handshakes, pages): undefined when there is no
 * cookie, it was tampered with, or its session was signed out, revoked or expired — and while
 * the database cannot say (a socket then connects signed out, and reconnects later).
 * `source` is the container (or its session password, which finds the process's store).
 */
export async function sessionUserFromCookieHeader(header: string | undefined, source: StoreSource): Promise<SessionUser | undefined> {
  try {
    return await userOf(header, source);
  } catch {
    return undefined;
  }
}

/**
 * The user of every tRPC call (the order path too): the cookie's id is remembered for a
 * minute, and the store remembers a session's standing for at most 2 s and hears revocations
 * from every instance at once. A database that cannot answer is a 503 with Retry-After (the
 * caller is not signed out for it).
 */
export async function cachedSessionUser(header: string | undefined, source: StoreSource): Promise<SessionUser | undefined> {
  try {
    return await userOf(header, source);
  } catch (error) {
    const app = toAppError(error);
    if (app?.code === 'SERVICE_UNAVAILABLE') throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: app.message, cause: app });
    throw error;
  }
}
