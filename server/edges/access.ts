// Who may read what an edge serves only to operators: /api/metrics.
import { createHash, timingSafeEqual } from 'node:crypto';
import { headerOf, isForwarded, isLoopbackAddress, type HeaderSource } from './request';

export type Access = { ok: true } | { ok: false; status: 401 | 403; code: 'UNAUTHORIZED' | 'FORBIDDEN'; reason: string; message: string; headers: Record<string, string> };

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * METRICS_TOKEN set: `Authorization: Bearer <token>` (compared in constant time). Unset: only a
 * client on this machine, and not through a proxy (a proxy on this machine would make every
 * visitor look local).
 */
export function metricsAccess(token: string | undefined, headers: HeaderSource, remoteAddress: string | undefined): Access {
  if (token !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headerOf(headers, 'authorization') ?? '');
    if (match && timingSafeEqual(digest(match[1]!), digest(token))) return { ok: true };
    return { ok: false, status: 401, code: 'UNAUTHORIZED', reason: 'METRICS_TOKEN', message: 'Send the metrics token as Authorization: Bearer <token>', headers: { 'www-authenticate': 'Bearer realm="metrics"' } };
  }
  if (isLoopbackAddress(remoteAddress) && !isForwarded(headers)) return { ok: true };
  return { ok: false, status: 403, code: 'FORBIDDEN', reason: 'LOOPBACK_ONLY', message: 'Metrics answer on this machine only; set METRICS_TOKEN to scrape them from elsewhere', headers: {} };
}
