// tRPC context. The inner part is plain data, so tests build it directly with createCaller.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Container } from '@/server/container';
import { getRequestSession, sessionOptions, type Session, type SessionUser } from '@/server/modules/auth/session';

export interface ContextInner {
  container: Container;
  user: SessionUser | undefined;
  /** Present for HTTP calls; sign-in and sign-out write the cookie through it. */
  session?: Session;
  /** The caller's address, for rate limits. */
  ip: string;
}

export function createContextInner(opts: { container: Container; user?: SessionUser; session?: Session; ip?: string }): ContextInner {
  return { container: opts.container, user: opts.user, session: opts.session, ip: opts.ip ?? '127.0.0.1' };
}

export async function createHttpContext(container: Container, req: IncomingMessage, res: ServerResponse): Promise<ContextInner> {
  const secure = req.headers['x-forwarded-proto'] === 'https';
  const session = await getRequestSession(req, res, sessionOptions(container.sessionPassword, secure));
  return createContextInner({ container, user: session.user, session, ip: req.socket.remoteAddress ?? 'unknown' });
}

export type Context = ContextInner;
