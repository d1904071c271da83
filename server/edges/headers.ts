// The security headers of every answer, pages and API alike (server/http.ts sets them before
// anything else answers, Next included).
//
// Pages: scripts only from this origin or inline with the request's nonce. Next reads the nonce
// from the Content-Security-Policy request header and puts it on its own inline scripts (which
// is why every page renders per request; the root layout reads cookies anyway). Styles allow
// 'unsafe-inline': server-rendered style attributes (the desk's drag handles, the charts) cannot
// carry a nonce, and CSS cannot run script.
import { randomBytes } from 'node:crypto';

export type HeaderKind = 'page' | 'api';

export interface SecurityHeaderOptions {
  kind: HeaderKind;
  /** Served over https (directly or behind a proxy that says so): adds HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** The request's script nonce (pages). */
  nonce?: string;
  /** The origin the page was served from, for its socket.io WebSocket (ws:// or wss://). */
  origin?: string;
  /** Development: React reconstructs server errors with eval. */
  dev?: boolean;
}

/** A fresh nonce per page request: 128 random bits. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  if (options.kind === 'api') {
    // JSON and images: nothing to load, nothing to frame.
    return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  }
  const socket = options.origin ? ` ${options.origin.replace(/^http/, 'ws')}` : '';
  // Stream pull URLs (HLS .m3u8 and its segments, FLV) come from the streaming provider's hosts:
  // hls.js fetches them (connect-src) into blob: media; a plain-http page may also pull from a
  // plain-http media server (an https page could not: mixed content).
  const pull = options.https ? ' https:' : ' https: http:';
  const directives = [
    "default-src 'self'",
    `script-src 'self'${options.nonce ? ` 'nonce-${options.nonce}'` : ''}${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `media-src 'self' blob:${pull}`,
    // hls.js transmuxes in a worker it starts from a blob: URL.
    "worker-src 'self' blob:",
    `connect-src 'self'${socket}${pull}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** Every header of the set, lower-case names. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(options),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
  // Only over https: sent over plain http it would be ignored, and on localhost it would pin
  // every other local app to https.
  if (options.https) headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}
