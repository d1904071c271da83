// The session user for server components and layouts (Next's cookies()).
import { cookies, headers } from 'next/headers';
import { getIronSession } from 'iron-session';
import { getContainer } from '@/server/container-ref';
import { sessionOptions, type SessionData, type SessionUser } from './session';

export async function getPageUser(): Promise<SessionUser | undefined> {
  const secure = (await headers()).get('x-forwarded-proto') === 'https';
  const session = await getIronSession<SessionData>(await cookies(), sessionOptions(getContainer().sessionPassword, secure));
  return session.user;
}
