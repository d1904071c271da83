// L — a live room under its audience: N viewer sockets on the real app (≤ 1,000 per client
// process) while comments and likes come in over the public API at fixed rates (open loop,
// many signed-in viewers). With several instances of one deployment (same database, Redis and
// secret), sockets and senders are spread over them and pushes cross through the Redis adapter. Measured: send→receive time of every comment on every socket,
// tap→total time of every like call on every socket, whether each connected socket got every
// accepted comment, pushes per socket, and the CPU of the app and everything else.
import type { Container } from '../server/container';
import type { App } from './lib/app';
import { setupFlashSale, viewerCookies } from './lib/app';
import { cpuMeter, infraGroups, spawnTs, type Child, type CpuShares } from './lib/proc';
import type { SendersJob, SendersResult } from './load/room-senders';

export interface LiveRoomOptions {
  sockets: number;
  seconds: number;
  commentsPerSec: number;
  likesPerSec: number;
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
}

export interface LiveRoomResult extends LiveRoomOptions {
  instances: number;
  processes: number;
  sent: SendersResult;
  /** Of accepted comments × connected sockets. */
  deliveredShare: number;
  /** The worst socket's share of the accepted comments. */
  minShare: number;
  connectedAtEnd: number;
  disconnects: number;
  duplicates: number;
  comments: Latency;
  likes: Latency;
  likesMissed: number;
  cpu: CpuShares;
}

const PER_PROCESS = 1000;
const LIKES_PER_CALL = 10;
/** Each commenting viewer writes once per 5 s: 2 per 10 s, under the limit of 5. */
const COMMENT_EVERY_S = 5;

function percentiles(histogram: Map<number, number>): Latency {
  const sorted = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, c]) => n + c, 0);
  const at = (q: number) => {
    let seen = 0;
    for (const [ms, n] of sorted) {
      seen += n;
      if (seen >= q * total) return ms;
    }
    return sorted.at(-1)?.[0] ?? 0;
  };
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1)?.[0] ?? 0 };
}

export async function measureLiveRoom(apps: App[], container: Container, options: LiveRoomOptions): Promise<LiveRoomResult> {
  const app = apps[0]!;
  const { liveId } = await setupFlashSale(container, { stock: 10, limit: 1 });
  const commentUsers = Math.ceil(options.commentsPerSec * COMMENT_EVERY_S);
  const likeCallsPerSec = Math.ceil(options.likesPerSec / LIKES_PER_CALL);
  // One call per viewer per second (the page sends one per 500 ms at most).
  const likeUsers = likeCallsPerSec;
  const cookiesFile = await viewerCookies(container, commentUsers + likeUsers, app.secret);

  const clients: Child[] = [];
  const senders = spawnTs('bench/load/room-senders.ts');
  try {
    // Client processes take turns over the instances (each with its share of sockets).
    const perProcess = Math.min(PER_PROCESS, Math.ceil(options.sockets / apps.length));
    for (let left = options.sockets, i = 0; left > 0; left -= perProcess, i += 1) {
      clients.push(spawnTs('bench/load/room-viewers.ts', [apps[i % apps.length]!.url, String(liveId), String(Math.min(perProcess, left))]));
    }
    await Promise.all([...clients, senders].map((c) => c.next((m) => m.type === 'ready', 30_000)));
    // One process connects at a time: handshakes are CPU-heavy on a 2-core machine.
    let joined = 0;
    for (const c of clients) {
      c.send({ type: 'connect' });
      joined += (await c.next<{ joined: number }>((m) => m.type === 'joined', 300_000)).joined;
    }
    if (joined !== options.sockets) throw new Error(`L: ${joined} of ${options.sockets} sockets joined room ${liveId}`);
    // Let the joins' own work (visits, arrivals) settle before measuring.
    await new Promise((r) => setTimeout(r, 2000));
    const likeBase = await container.interaction.likes.total(liveId);
    for (const c of clients) c.send({ type: 'measure', on: true });

    const meter = cpuMeter({ ...Object.fromEntries(apps.map((a, i) => [apps.length > 1 ? `app ${'AB'[i] ?? i}` : 'app', () => [a.child.pid]])), viewers: () => clients.map((c) => c.pid), senders: () => [senders.pid], ...infraGroups });
    const job: SendersJob = {
      host: '127.0.0.1',
      ports: apps.map((a) => a.port),
      liveId,
      cookiesFile,
      commentUsers,
      likeUsers,
      commentsPerSec: options.commentsPerSec,
      likeCallsPerSec,
      likesPerCall: LIKES_PER_CALL,
      seconds: options.seconds,
    };
    senders.send({ type: 'run', job });
    const { result: sent } = await senders.next<{ result: SendersResult }>((m) => m.type === 'result', options.seconds * 1000 + 120_000);
    // The last batch and the last like count are at most a few hundred ms behind.
    await new Promise((r) => setTimeout(r, 1500));
    const cpu = meter();
    for (const c of clients) c.send({ type: 'measure', on: false });

    const commentHistogram = new Map<number, number>();
    const likeHistogram = new Map<number, number>();
    let delivered = 0;
    let minShare = 1;
    let connectedAtEnd = 0;
    let disconnects = 0;
    let duplicates = 0;
    let likesMissed = 0;
    for (const c of clients) {
      c.send({ type: 'report', expected: sent.comments.accepted, likeCalls: sent.likes.running, likeBase });
      const r = await c.next<{ sockets: number; connected: number; disconnects: number; delivered: number; minShare: number; duplicates: number; comments: [number, number][]; likes: [number, number][]; likesMissed: number }>((m) => m.type === 'report', 120_000);
      delivered += r.delivered;
      minShare = Math.min(minShare, r.minShare);
      connectedAtEnd += r.connected;
      disconnects += r.disconnects;
      duplicates += r.duplicates;
      likesMissed += r.likesMissed;
      for (const [ms, n] of r.comments) commentHistogram.set(ms, (commentHistogram.get(ms) ?? 0) + n);
      for (const [ms, n] of r.likes) likeHistogram.set(ms, (likeHistogram.get(ms) ?? 0) + n);
    }
    const expected = sent.comments.accepted.length * connectedAtEnd;
    return {
      ...options,
      instances: apps.length,
      processes: clients.length,
      sent,
      deliveredShare: expected ? delivered / expected : 0,
      minShare,
      connectedAtEnd,
      disconnects,
      duplicates,
      comments: percentiles(commentHistogram),
      likes: percentiles(likeHistogram),
      likesMissed,
      cpu,
    };
  } finally {
    await Promise.all([...clients, senders].map((c) => c.stop()));
  }
}
