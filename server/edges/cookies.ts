// The Secure flag of the app's cookies (session, visitor id).
import type { Env } from '@/server/env';
import { isHttps, type HeaderSource } from './request';

/**
 * SESSION_COOKIE_SECURE: always | never | auto — Secure in production, and whenever the request
 * came over https. Browsers keep Secure cookies from http://localhost, not from other plain-http hosts.
 */
export function sessionCookieSecure(env: Pick<Env, 'SESSION_COOKIE_SECURE' | 'NODE_ENV'>, headers: HeaderSource, encrypted = false): boolean {
  if (env.SESSION_COOKIE_SECURE === 'always') return true;
  if (env.SESSION_COOKIE_SECURE === 'never') return false;
  return env.NODE_ENV === 'production' || isHttps(headers, encrypted);
}
