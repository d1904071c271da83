// Session tokens and their ids. The cookie carries the token; the store, the logs, socket rooms
// and "my sessions" see only its SHA-256, which cannot be turned back into a cookie.
import { createHash, randomBytes } from 'node:crypto';

/** A new session token: 256 random bits. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
