// Closed-loop load generator in its own process: autocannon with a fixed number of
// connections, each sending its next request when the previous answer arrives. For a storm
// each request carries a fresh idempotency key and the cookie of the next viewer.
import { readFileSync } from 'node:fs';
import autocannon, { type Request } from 'autocannon';
import { childReady, exitOnSignals, onMessage, reply } from '../lib/child';
import { orderBody, type StormTarget } from './order-body';

export interface CannonJob {
  url: string;
  path: string;
  connections: number;
  durationSec: number;
  /** When set, exactly this many requests, every one answered (durationSec is then only the expected time). */
  amount?: number;
  method?: 'GET' | 'POST';
  storm?: StormTarget;
}

export interface CannonResult {
  total: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  reasons: Record<string, number>;
  /** Storm only: the order numbers of the accepted replies, and when the last one came (s from start). */
  accepted: string[];
  lastAcceptedAt: number;
}

async function run(job: CannonJob): Promise<CannonResult> {
  const reasons: Record<string, number> = {};
  const accepted: string[] = [];
  let lastAcceptedAt = 0;
  const started = performance.now();
  let request: Request = { method: job.method ?? 'GET', path: job.path };
  if (job.storm) {
    const target = job.storm;
    const cookies = JSON.parse(readFileSync(job.storm.cookiesFile, 'utf8')) as string[];
    const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
    let n = 0;
    request = {
      method: 'POST',
      path: job.path,
      setupRequest: (req) => {
        n += 1;
        return { ...req, headers: { 'content-type': 'application/json', cookie: cookies[n % cookies.length]! }, body: orderBody(target, `c${run}_${n}`) };
      },
      onResponse: (status, body) => {
        if (status === 200) {
          const sn = /"orderSn":"(\d+)"/.exec(body)?.[1];
          if (sn) {
            accepted.push(sn);
            lastAcceptedAt = (performance.now() - started) / 1000;
            return;
          }
          reasons.OK_WITHOUT_ORDER = (reasons.OK_WITHOUT_ORDER ?? 0) + 1;
          return;
        }
        const reason = /"reason":"([A-Z_]+)"/.exec(body)?.[1] ?? `HTTP_${status}`;
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      },
    };
  }
  // sampleInt: autocannon notices the end of a run at its next sample tick, and its duration
  // (hence the rate of a run of `amount` requests) is rounded up to that tick: at the default
  // 1 s, a 7-s closed loop read anything from 6.04 to 8.03 s.
  const result = await autocannon({ url: job.url, connections: job.connections, ...(job.amount ? { amount: job.amount } : { duration: job.durationSec }), timeout: 30, sampleInt: 50, requests: [request] });
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = s.count;
  return {
    total: result.requests.total,
    seconds: result.duration,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    reasons,
    accepted,
    lastAcceptedAt,
  };
}

exitOnSignals();
onMessage(async (m) => {
  if (m.type === 'run') reply({ type: 'result', result: await run(m.job as CannonJob) });
});
childReady();
