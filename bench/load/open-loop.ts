// Open-loop load generator in its own process: requests leave at a fixed arrival rate whether
// or not earlier ones were answered, and latency counts from the intended send time, so a
// stalled server shows up as latency instead of silently lowering the rate (no coordinated
// omission). Stops sending after the duration and waits for every answer (bounded).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { childReady, exitOnSignals, onMessage, reply } from '../lib/child';
import { orderBody, type StormTarget } from './order-body';

export interface OpenLoopJob {
  host: string;
  port: number;
  path: string;
  ratePerSec: number;
  durationSec: number;
  /** Above this many unanswered requests new arrivals are dropped (and counted). */
  maxInFlight: number;
  storm: StormTarget;
}

export interface OpenLoopResult {
  intended: number;
  sent: number;
  answered: number;
  dropped: number;
  unanswered: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  reasons: Record<string, number>;
  accepted: string[];
  lastAcceptedAt: number;
}

async function run(job: OpenLoopJob): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const cookies = JSON.parse(readFileSync(job.storm.cookiesFile, 'utf8')) as string[];
  const tag = `o${process.pid.toString(36)}${Date.now().toString(36)}`;
  const intended = Math.round(job.ratePerSec * job.durationSec);
  const latencies = new Float64Array(intended);
  const reasons: Record<string, number> = {};
  const accepted: string[] = [];
  let answered = 0;
  let sent = 0;
  let dropped = 0;
  let errors = 0;
  let inFlight = 0;
  let lastAcceptedAt = 0;
  const started = performance.now();

  const send = (i: number, due: number) => {
    const body = orderBody(job.storm, `${tag}_${i}`);
    inFlight += 1;
    sent += 1;
    const req = http.request(
      { host: job.host, port: job.port, path: job.path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie: cookies[i % cookies.length]! } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const now = performance.now();
          latencies[answered] = now - due;
          answered += 1;
          inFlight -= 1;
          const text = Buffer.concat(chunks).toString();
          const sn = res.statusCode === 200 ? /"orderSn":"(\d+)"/.exec(text)?.[1] : undefined;
          if (sn) {
            accepted.push(sn);
            lastAcceptedAt = (now - started) / 1000;
          } else {
            const reason = /"reason":"([A-Z_]+)"/.exec(text)?.[1] ?? `HTTP_${res.statusCode}`;
            reasons[reason] = (reasons[reason] ?? 0) + 1;
          }
        });
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      errors += 1;
      inFlight -= 1;
    });
    req.end(body);
  };

  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < intended) {
        const due = started + (next * 1000) / job.ratePerSec;
        if (due > now) break;
        if (inFlight >= job.maxInFlight) dropped += 1;
        else send(next, due);
        next += 1;
      }
      if (next >= intended) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const sendingDone = performance.now();
  const waitUntil = Date.now() + 35_000;
  while (inFlight > 0 && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 20));
  agent.destroy();
  const sorted = latencies.slice(0, answered).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
  const seconds = (sendingDone - started) / 1000;
  return {
    intended,
    sent,
    answered,
    dropped,
    unanswered: inFlight,
    seconds,
    perSecond: sent / seconds,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : 0,
    errors,
    reasons,
    accepted,
    lastAcceptedAt,
  };
}

exitOnSignals();
onMessage(async (m) => {
  if (m.type === 'run') reply({ type: 'result', result: await run(m.job as OpenLoopJob) });
});
childReady();
