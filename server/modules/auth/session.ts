// The signed, encrypted, httpOnly session cookie (iron-session). The same cookie authenticates
// tRPC calls, server-rendered pages and socket.io connections.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getIronSession, unsealData, type IronSession, type SessionOptions } from 'iron-session';
import type { Role } from '@/server/db/generated/enums';

export const SESSION_COOKIE = 'livecart_session';
const SESSION_TTL_SECONDS = 7 * 24 * 3600;

export interface SessionUser {
  id: number;
  role: Role;
  name: string;
  /** The host's shop; null for viewers and ops. */
  shopId: number | null;
}

export interface SessionData {
  user?: SessionUser;
}

export type Session = IronSession<SessionData>;

export function sessionOptions(password: string, secure: boolean): SessionOptions {
  return {
    password,
    cookieName: SESSION_COOKIE,
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure, path: '/' },
  };
}

export function getRequestSession(req: IncomingMessage, res: ServerResponse, options: SessionOptions): Promise<Session> {
  return getIronSession<SessionData>(req, res, options);
}

/** Reads the session user from a raw Cookie header (socket.io handshakes); undefined when absent or tampered. */
export async function sessionUserFromCookieHeader(header: string | undefined, password: string): Promise<SessionUser | undefined> {
  if (!header) return undefined;
  const match = header.split(/;\s*/).find((part) => part.startsWith(`${SESSION_COOKIE}=`));
  if (!match) return undefined;
  try {
    const data = await unsealData<SessionData>(decodeURIComponent(match.slice(SESSION_COOKIE.length + 1)), {
      password,
      ttl: SESSION_TTL_SECONDS,
    });
    return data.user;
  } catch {
    return undefined;
  }
}

// Unsealing costs two crypto calls; the same cookie comes back with every request.
const UNSEALED_TTL_MS = 60_000;
const UNSEALED_MAX = 20_000;
const unsealedByPassword = new Map<string, Map<string, { user: SessionUser | undefined; until: number }>>();

/** sessionUserFromCookieHeader, remembered per cookie value for a minute. */
export async function cachedSessionUser(header: string | undefined, password: string): Promise<SessionUser | undefined> {
  const match = header?.split(/;\s*/).find((part) => part.startsWith(`${SESSION_COOKIE}=`));
  if (!match) return undefined;
  let unsealed = unsealedByPassword.get(password);
  if (!unsealed) unsealedByPassword.set(password, (unsealed = new Map()));
  const key = match;
  const now = Date.now();
  const hit = unsealed.get(key);
  if (hit && hit.until > now) return hit.user;
  const user = await sessionUserFromCookieHeader(match, password);
  if (unsealed.size >= UNSEALED_MAX) unsealed.clear();
  unsealed.set(key, { user, until: now + UNSEALED_TTL_MS });
  return user;
}
