// The storm's client: viewers ordering through the public API exactly as the browser's checkout
// does (POST /api/trpc/orders.create, superjson envelope, session cookie), each purchase
// intent with its own idempotency key. It behaves like a real client: a connection that fails
// (the instance is gone), or a proxy's 502, is retried with the SAME key on the other instance
// (through a proxy: the proxy again), a 503 after its
// Retry-After, an IN_PROGRESS after a pause. Every request and every reply is recorded.
import http from 'node:http';
import { ADDRESS } from '../load/order-body';

export interface Viewer {
  userId: number;
  cookie: string;
}

export interface StormPlan {
  viewers: Viewer[];
  attemptsPerViewer: number;
  durationMs: number;
  /** Share of the viewers that arrive together at the start (the sale opens). */
  burstShare: number;
  /** The others arrive at random over this share of the duration, then tap again now and then. */
  rampShare: number;
  /** Moments when many tap at once (the host's "3, 2, 1, 上链接!"): attempts by random viewers within spreadMs of `at`. */
  waves: { at: number; attempts: number; spreadMs: number; /** All to this instance (else the viewer's own). */ instance?: number }[];
  maxInFlight: number;
  order: { liveId: number; skuId: number; flashSkuId: number };
  /** Instance base URLs; viewers are spread over them. */
  targets: string[];
  seed: number;
}

export interface RequestRecord {
  attempt: number;
  key: string;
  userId: number;
  quantity: number;
  instance: number;
  try: number;
  /** ms since the storm started. */
  sentAt: number;
  answeredAt: number;
  status?: number;
  error?: string;
  reason?: string;
  orderSn?: string;
  retryAfter?: number;
}

export interface AttemptRecord {
  attempt: number;
  key: string;
  userId: number;
  quantity: number;
  scheduledAt: number;
  endedAt: number;
  /** 'OK', a refusal reason, HTTP_<status> when a reply had no reason, or NO_ANSWER. */
  outcome: string;
  status?: number;
  orderSn?: string;
  requests: number;
}

export interface StormResult {
  requests: RequestRecord[];
  attempts: AttemptRecord[];
  /** ms from the start to the last answer. */
  elapsedMs: number;
}

const ORDER_PATH = '/api/trpc/orders.create';
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_CONNECTION_RETRIES = 6;
const MAX_503_RETRIES = 4;
const MAX_IN_PROGRESS_RETRIES = 2;

/** Small seeded generator (mulberry32), so that a run can be repeated with --seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Planned {
  attempt: number;
  viewer: Viewer;
  preferred: number;
  quantity: number;
  at: number;
  key: string;
}

function schedule(plan: StormPlan): Planned[] {
  const rnd = random(plan.seed);
  const order = plan.viewers.map((v, i) => ({ v, i, r: rnd() })).sort((a, b) => a.r - b.r);
  const burst = Math.floor(order.length * plan.burstShare);
  const run = `${Date.now().toString(36)}${Math.floor(rnd() * 1e6).toString(36)}`;
  const planned: Omit<Planned, 'attempt'>[] = [];
  order.forEach(({ v, i }, rank) => {
    let at = rank < burst ? rnd() * 50 : rnd() * plan.rampShare * plan.durationMs;
    for (let k = 0; k < plan.attemptsPerViewer && at < plan.durationMs; k += 1) {
      planned.push({ viewer: v, preferred: i % plan.targets.length, quantity: rnd() < 0.5 ? 1 : 2, at, key: `chaos_${run}_${v.userId}_${k}` });
      // A viewer taps again after a moment, sometimes before the previous answer is back.
      at += 50 + rnd() * 450;
    }
  });
  plan.waves.forEach((wave, w) => {
    for (let k = 0; k < wave.attempts; k += 1) {
      const i = Math.floor(rnd() * plan.viewers.length);
      const v = plan.viewers[i]!;
      const preferred = wave.instance ?? i % plan.targets.length;
      planned.push({ viewer: v, preferred, quantity: rnd() < 0.5 ? 1 : 2, at: Math.max(0, wave.at + (rnd() - 0.5) * wave.spreadMs), key: `chaos_${run}_${v.userId}_w${w}_${k}` });
    }
  });
  return planned.sort((a, b) => a.at - b.at).map((p, attempt) => ({ ...p, attempt }));
}

class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async take(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

interface Reply {
  status: number;
  body: string;
  retryAfter?: number;
}

function post(agent: http.Agent, base: URL, body: string, cookie: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path: ORDER_PATH,
        // A browser's checkout names its page's origin; both instances stand for the same site.
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie, origin: base.origin },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const header = res.headers['retry-after'];
          const retryAfter = header === undefined ? undefined : Number(Array.isArray(header) ? header[0] : header);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('TIMEOUT')));
    req.on('error', reject);
    req.end(body);
  });
}

function parse(reply: Reply): { reason?: string; orderSn?: string } {
  try {
    const json = JSON.parse(reply.body) as { result?: { data?: { json?: { orderSn?: string } } }; error?: { json?: { data?: { reason?: string | null } } } };
    return { orderSn: json.result?.data?.json?.orderSn, reason: json.error?.json?.data?.reason ?? undefined };
  } catch {
    return {};
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Requests in flight per instance, for faults that wait for a busy moment. */
export interface StormLive {
  inFlight: number[];
}

export async function runStorm(plan: StormPlan, onRequest?: (r: RequestRecord) => void, live: StormLive = { inFlight: [] }): Promise<StormResult> {
  const planned = schedule(plan);
  const agents = plan.targets.map(() => new http.Agent({ keepAlive: true, maxSockets: plan.maxInFlight }));
  const bases = plan.targets.map((t) => new URL(t));
  const slots = new Slots(plan.maxInFlight);
  live.inFlight = plan.targets.map(() => 0);
  const requests: RequestRecord[] = [];
  const attempts: AttemptRecord[] = [];
  const started = performance.now();
  const now = () => performance.now() - started;

  async function attempt(p: Planned): Promise<void> {
    const body = JSON.stringify({ json: { ...plan.order, quantity: p.quantity, idempotencyKey: p.key, address: ADDRESS } });
    let instance = p.preferred;
    const counts = { connection: 0, unavailable: 0, inProgress: 0 };
    const record: AttemptRecord = { attempt: p.attempt, key: p.key, userId: p.viewer.userId, quantity: p.quantity, scheduledAt: p.at, endedAt: 0, outcome: 'NO_ANSWER', requests: 0 };
    attempts.push(record);
    for (let attemptTry = 0; ; attemptTry += 1) {
      await slots.take();
      const r: RequestRecord = { attempt: p.attempt, key: p.key, userId: p.viewer.userId, quantity: p.quantity, instance, try: attemptTry, sentAt: now(), answeredAt: 0 };
      let reply: Reply | undefined;
      live.inFlight[instance]! += 1;
      try {
        reply = await post(agents[instance]!, bases[instance]!, body, p.viewer.cookie);
      } catch (error) {
        r.error = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      } finally {
        live.inFlight[instance]! -= 1;
        slots.give();
      }
      r.answeredAt = now();
      record.requests += 1;
      if (reply) {
        const { reason, orderSn } = parse(reply);
        r.status = reply.status;
        r.reason = reason;
        r.orderSn = orderSn;
        r.retryAfter = reply.retryAfter;
      }
      requests.push(r);
      onRequest?.(r);
      record.endedAt = r.answeredAt;
      if (!reply) {
        if ((counts.connection += 1) > MAX_CONNECTION_RETRIES) return;
        instance = (instance + 1) % plan.targets.length;
        await sleep(100);
        continue;
      }
      // A proxy's 502: the instance behind it went away mid-request. Like a failed connection,
      // the same key again (the proxy sends it to an instance that is still there).
      if (reply.status === 502 && (counts.connection += 1) <= MAX_CONNECTION_RETRIES) {
        record.status = reply.status;
        record.outcome = 'HTTP_502';
        instance = (instance + 1) % plan.targets.length;
        await sleep(100);
        continue;
      }
      record.status = reply.status;
      record.outcome = reply.status === 200 ? (r.orderSn ? 'OK' : 'OK_WITHOUT_ORDER') : (r.reason ?? `HTTP_${reply.status}`);
      record.orderSn = r.orderSn;
      if (reply.status === 503 && (counts.unavailable += 1) <= MAX_503_RETRIES) {
        await sleep(Math.min(5, Math.max(0.2, reply.retryAfter ?? 1)) * 1000);
        continue;
      }
      if (r.reason === 'IN_PROGRESS' && (counts.inProgress += 1) <= MAX_IN_PROGRESS_RETRIES) {
        await sleep(1000);
        continue;
      }
      return;
    }
  }

  const running: Promise<void>[] = [];
  for (const p of planned) {
    const wait = p.at - now();
    if (wait > 1) await sleep(wait);
    running.push(attempt(p));
  }
  await Promise.all(running);
  for (const a of agents) a.destroy();
  return { requests, attempts: attempts.sort((a, b) => a.attempt - b.attempt), elapsedMs: now() };
}
