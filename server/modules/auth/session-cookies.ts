// Session cookies made on the server side, for tests and load generators that sign users in
// without the sign-in form: a real session row each, sealed as the browser would hold it.
import { sealData } from 'iron-session';
import type { Container } from '@/server/container';
import { authRuntime } from './runtime';
import { SESSION_COOKIE, SESSION_TTL_SECONDS, type SessionData } from './session';

async function seal(password: string, token: string): Promise<string> {
  const data: SessionData = { t: token };
  return `${SESSION_COOKIE}=${await sealData(data, { password, ttl: SESSION_TTL_SECONDS })}`;
}

/** A Cookie header value (`livecart_session=…`) of a new session of this user. */
export async function sessionCookieFor(container: Container, userId: number): Promise<string> {
  const { token } = await authRuntime(container).sessions.create(userId, { userAgent: 'server-side' });
  return seal(container.sessionPassword, token);
}

/**
 * The same for many users, in one insert; cookies in the order of the ids. `password`: the
 * SESSION_SECRET of the app that will read them, when it is not this container's.
 */
export async function sessionCookiesFor(container: Container, userIds: number[], password = container.sessionPassword): Promise<string[]> {
  const tokens = await authRuntime(container).sessions.createMany(userIds, { userAgent: 'server-side' });
  return Promise.all(tokens.map((token) => seal(password, token)));
}
