// The client's address for rate limits and logs. Behind nginx (or any proxy) every request comes
// from the proxy: its X-Forwarded-For says who the client was, but only a proxy we trust may say
// so — anyone else could name any address to escape a per-IP limit. TRUSTED_PROXIES lists them
// (proxy-addr's forms: addresses, CIDR ranges, `loopback`, `uniquelocal`); unset, the peer's
// address is the client's and X-Forwarded-For is ignored.
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

export type ClientIp = (req: IncomingMessage) => string;

export function clientIpResolver(trustedProxies: string | undefined): ClientIp {
  const list = (trustedProxies ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) return (req) => req.socket.remoteAddress ?? 'unknown';
  // Throws on a malformed entry: a bad setting stops the start instead of trusting nobody.
  const trust = proxyAddr.compile(list);
  return (req) => proxyAddr(req, trust);
}
