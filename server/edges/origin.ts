// Cross-site request forgery: a request that changes something (tRPC mutations, uploads, the
// socket.io handshake) must come from the app's own pages. Browsers say where a request comes
// from in `Origin` (every POST, every WebSocket) or `Sec-Fetch-Site`; a client that sends
// neither is not a browser (curl, the bench, tests) and cannot carry a victim's cookies by
// itself, so it passes.
import { AppError } from '@/server/errors';
import { headerOf, requestOrigin, type HeaderSource } from './request';

export const FOREIGN_ORIGIN = 'FOREIGN_ORIGIN';

const parsed = new Map<string, ReadonlySet<string>>();

/**
 * APP_ORIGINS ("https://a.example, https://b.example") as a set of origins; undefined when
 * unset (then only the origin each request was sent to counts). Throws on an entry that is not
 * a bare http(s) origin, so a typo stops the start instead of refusing every mutation.
 */
export function parseAppOrigins(appOrigins: string | undefined): ReadonlySet<string> | undefined {
  if (appOrigins === undefined || appOrigins.trim() === '') return undefined;
  let set = parsed.get(appOrigins);
  if (set) return set;
  const origins = new Set<string>();
  for (const entry of appOrigins.split(',').map((e) => e.trim()).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`APP_ORIGINS: "${entry}" is not a URL (expected e.g. https://shop.example)`);
    }
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !bare) {
      throw new Error(`APP_ORIGINS: "${entry}" must be an origin only: http(s), host and port, no path (e.g. https://shop.example)`);
    }
    origins.add(url.origin);
  }
  parsed.set(appOrigins, (set = origins));
  return set;
}

/**
 * May this request change something? Origin against APP_ORIGINS (or, unset, the origin the
 * request was sent to); without Origin, Sec-Fetch-Site must say same-origin; with neither, yes.
 */
export function isAllowedOrigin(headers: HeaderSource, appOrigins: string | undefined, encrypted = false): boolean {
  const origin = headerOf(headers, 'origin');
  if (origin === undefined) {
    const site = headerOf(headers, 'sec-fetch-site');
    return site === undefined || site === 'same-origin';
  }
  // "null": a sandboxed frame, a data: URL, a redirect across origins — never our own page.
  let normalised: string;
  try {
    normalised = new URL(origin).origin;
  } catch {
    return false;
  }
  if (normalised === 'null') return false;
  const allowed = parseAppOrigins(appOrigins);
  return allowed ? allowed.has(normalised) : normalised === requestOrigin(headers, encrypted);
}

export function foreignOriginError(): AppError {
  return new AppError('FORBIDDEN', 'This request came from another site and was refused', FOREIGN_ORIGIN);
}
