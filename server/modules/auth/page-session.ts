// The session user for server components and layouts (Next's cookies()): read from the session
// store like every tRPC call, so a page stops showing an account the moment its session ends.
import { cookies } from 'next/headers';
import { getContainer } from '@/server/container-ref';
import { isDemoMode } from './auth.service';
import { SESSION_COOKIE, sessionUserFromCookieHeader, type SessionUser } from './session';

export async function getPageUser(): Promise<SessionUser | undefined> {
  const cookie = (await cookies()).get(SESSION_COOKIE);
  if (!cookie) return undefined;
  return sessionUserFromCookieHeader(`${SESSION_COOKIE}=${cookie.value}`, getContainer());
}

/** Whether the sign-in page lists the demo accounts. */
export function pageDemoMode(): boolean {
  return isDemoMode(getContainer());
}
