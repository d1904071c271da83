// The rules of a stream's pull URL, without zod: the console's form checks them in the
// browser (a page that builds a zod object trips the CSP with zod's eval probe), and
// stream.schema.ts runs the same function on the server.

export const STREAM_URL_MAX = 500;

/** The rules by message key (the words are in the locale files; tooLong's carry {maximum}). */
export const STREAM_URL_RULES = {
  tooLong: 'invalid.stream.tooLong',
  notUrl: 'invalid.stream.notUrl',
  format: 'invalid.stream.format',
  credentials: 'invalid.stream.credentials',
} as const;

export type StreamUrlRule = (typeof STREAM_URL_RULES)[keyof typeof STREAM_URL_RULES];
export type StreamKind = 'hls' | 'flv';

/** What a pull URL carries, by the path's ending (query strings of signed URLs allowed). */
export function streamKindOf(url: string): StreamKind | null {
  const path = url.split(/[?#]/)[0]!.toLowerCase();
  return path.endsWith('.m3u8') ? 'hls' : path.endsWith('.flv') ? 'flv' : null;
}

/**
 * The rule a (trimmed) pull URL breaks, or null. '' is no stream yet. An absolute http(s) URL,
 * or a path on this site (the demo's own stream under /demo-stream/).
 */
export function streamUrlProblem(value: string): StreamUrlRule | null {
  if (value === '') return null;
  if (value.length > STREAM_URL_MAX) return STREAM_URL_RULES.tooLong;
  // Spaces and control characters are not part of any pull address.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return STREAM_URL_RULES.notUrl;
  let url: URL;
  try {
    url = new URL(value, 'http://this-site.invalid');
  } catch {
    return STREAM_URL_RULES.notUrl;
  }
  const ownPath = value.startsWith('/') && !value.startsWith('//');
  if (!ownPath && (!/^https?:\/\//i.test(value) || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname)) return STREAM_URL_RULES.notUrl;
  if (url.username || url.password) return STREAM_URL_RULES.credentials;
  if (!streamKindOf(url.pathname)) return STREAM_URL_RULES.format;
  return null;
}
