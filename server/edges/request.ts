// What an edge reads from a request's headers: the origin it was sent to, whether it came over
// https, and whether it came from this machine. Works on Node's headers and the Fetch API's.
import type { IncomingHttpHeaders } from 'node:http';

export type HeaderSource = IncomingHttpHeaders | Headers;

/** One header's value; a repeated header's first value. */
export function headerOf(headers: HeaderSource, name: string): string | undefined {
  // Duck-typed: Next's requests may carry a Headers class of their own.
  const value = typeof headers.get === 'function' ? (headers as Headers).get(name) : (headers as IncomingHttpHeaders)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === null || first === undefined ? undefined : first;
}

/** The first entry of a proxy's comma-separated list ("https, http" → "https"). */
function firstOf(value: string | undefined): string | undefined {
  const first = value?.split(',')[0]?.trim();
  return first ? first : undefined;
}

/** True when the request reached us over TLS, or a proxy in front says it did (X-Forwarded-Proto). */
export function isHttps(headers: HeaderSource, encrypted = false): boolean {
  return encrypted || firstOf(headerOf(headers, 'x-forwarded-proto'))?.toLowerCase() === 'https';
}

/**
 * The origin the request was sent to, e.g. "https://shop.example": X-Forwarded-Host (or Host)
 * with X-Forwarded-Proto (or the socket's own scheme). Undefined when the host is not a valid
 * one. A browser cannot forge these headers on a cross-site request without a CORS preflight,
 * which this app never grants.
 */
export function requestOrigin(headers: HeaderSource, encrypted = false): string | undefined {
  const host = firstOf(headerOf(headers, 'x-forwarded-host')) ?? headerOf(headers, 'host');
  if (!host || !/^[A-Za-z0-9.\-_[\]:]+$/.test(host)) return undefined;
  try {
    const url = new URL(`${isHttps(headers, encrypted) ? 'https' : 'http'}://${host}`);
    return url.host === '' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/** An address of this machine (IPv4 127/8, IPv6 ::1, or either mapped into IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** True when a proxy says it forwarded the request (then its peer address is the proxy's, not the client's). */
export function isForwarded(headers: HeaderSource): boolean {
  return ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'].some((name) => headerOf(headers, name) !== undefined);
}
