import { describe, expect, it } from 'vitest';
import { newNonce, securityHeaders } from './headers';

const directives = (csp: string) => Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe('securityHeaders', () => {
  it('gives pages scripts of their own origin and nonce only, the socket, and no framing', () => {
    const headers = securityHeaders({ kind: 'page', https: false, nonce: 'abc123==', origin: 'http://shop.example:3000' });
    const csp = directives(headers['content-security-policy']!);
    expect(csp['script-src']).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'", 'ws://shop.example:3000', 'https:', 'http:']);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    // Streams: hls.js fetches the pull URL and plays it from blob: media in a blob: worker.
    expect(csp['media-src']).toEqual(["'self'", 'blob:', 'https:', 'http:']);
    expect(csp['worker-src']).toEqual(["'self'", 'blob:']);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['upgrade-insecure-requests']).toBeUndefined();
    expect(headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin' });
    expect(headers['strict-transport-security']).toBeUndefined();
  });

  it('adds HSTS, upgrade-insecure-requests and wss:// over https; eval only in development', () => {
    const headers = securityHeaders({ kind: 'page', https: true, nonce: 'n', origin: 'https://shop.example', dev: true });
    const csp = directives(headers['content-security-policy']!);
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(csp['upgrade-insecure-requests']).toEqual([]);
    // An https page pulls streams over https only (mixed content otherwise).
    expect(csp['connect-src']).toEqual(["'self'", 'wss://shop.example', 'https:']);
    expect(csp['media-src']).toEqual(["'self'", 'blob:', 'https:']);
    expect(csp['script-src']).toContain("'unsafe-eval'");
  });

  it('lets API answers load and frame nothing', () => {
    const headers = securityHeaders({ kind: 'api', https: false });
    expect(directives(headers['content-security-policy']!)).toMatchObject({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
