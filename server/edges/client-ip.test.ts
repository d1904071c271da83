import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIpResolver } from './client-ip';

const request = (peer: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

describe('the client address', () => {
  it('is the peer, whatever X-Forwarded-For says, when no proxy is trusted', () => {
    const ip = clientIpResolver(undefined);
    expect(ip(request('203.0.113.9', '1.2.3.4'))).toBe('203.0.113.9');
  });

  it('is the one a trusted proxy forwarded for, and never what the client itself claims', () => {
    const ip = clientIpResolver('loopback');
    expect(ip(request('127.0.0.1', '198.51.100.7'))).toBe('198.51.100.7');
    // The client put an address of its own in front; the proxy appended the real one.
    expect(ip(request('127.0.0.1', '1.2.3.4, 198.51.100.7'))).toBe('198.51.100.7');
    // Not through the proxy: the header is anyone's to write.
    expect(ip(request('198.51.100.8', '1.2.3.4'))).toBe('198.51.100.8');
  });

  it('refuses a setting it cannot read', () => {
    expect(() => clientIpResolver('not-an-address')).toThrow();
  });
});
