// L's senders: comments and like calls into one room of the real app over its public tRPC API,
// each at a fixed arrival rate (open loop), from many signed-in viewers so that no one passes the
// per-viewer limits (5 comments per 10 s, 30 like calls per 10 s). A comment's text carries its
// sequence number and send time ("b<seq>.<ms>") for the receivers to time it.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { childReady, exitOnSignals, onMessage, reply } from '../lib/child';

export interface SendersJob {
  host: string;
  /** The instances' ports: requests take turns over them. */
  ports: number[];
  liveId: number;
  cookiesFile: string;
  /** Cookies [0, commentUsers) send comments, the next likeUsers send likes. */
  commentUsers: number;
  likeUsers: number;
  commentsPerSec: number;
  likeCallsPerSec: number;
  likesPerCall: number;
  seconds: number;
}

export interface SendersResult {
  comments: { intended: number; accepted: number[]; reasons: Record<string, number>; p50: number; p99: number };
  likes: { calls: number; acceptedCalls: number; acceptedLikes: number; reasons: Record<string, number>; running: [number, number][] };
}

const percentile = (values: number[], q: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

async function run(job: SendersJob): Promise<SendersResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const cookies = JSON.parse(readFileSync(job.cookiesFile, 'utf8')) as string[];
  const post = (path: string, input: unknown, cookie: string, turn: number) =>
    new Promise<{ status: number; body: string }>((resolve) => {
      const body = JSON.stringify({ json: input });
      const req = http.request({ host: job.host, port: job.ports[turn % job.ports.length]!, path: `/api/trpc/${path}`, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          answered += 1;
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
        });
      });
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0, body: '' }));
      req.end(body);
    });
  let answered = 0;
  const reasonOf = (r: { status: number; body: string }) => /"reason":"([A-Z_]+)"/.exec(r.body)?.[1] ?? `HTTP_${r.status}`;

  const commentsIntended = Math.round(job.commentsPerSec * job.seconds);
  const likeCalls = Math.round(job.likeCallsPerSec * job.seconds);
  const accepted: number[] = [];
  const commentReasons: Record<string, number> = {};
  const commentLatency: number[] = [];
  const likeReasons: Record<string, number> = {};
  const likes: { sentAt: number; ok: boolean }[] = [];
  const pending: Promise<void>[] = [];

  const sendComment = (seq: number) => {
    const sentAt = Date.now();
    const cookie = cookies[seq % job.commentUsers]!;
    pending.push(
      post('interaction.send', { liveId: job.liveId, text: `b${seq}.${sentAt}` }, cookie, seq).then((r) => {
        commentLatency.push(Date.now() - sentAt);
        if (r.status === 200) accepted.push(seq);
        else commentReasons[reasonOf(r)] = (commentReasons[reasonOf(r)] ?? 0) + 1;
      }),
    );
  };
  const sendLikes = (call: number) => {
    const entry = { sentAt: Date.now(), ok: false };
    likes.push(entry);
    const cookie = cookies[job.commentUsers + (call % job.likeUsers)]!;
    pending.push(
      post('interaction.like', { liveId: job.liveId, count: job.likesPerCall }, cookie, call).then((r) => {
        if (r.status === 200) entry.ok = true;
        else likeReasons[reasonOf(r)] = (likeReasons[reasonOf(r)] ?? 0) + 1;
      }),
    );
  };

  // Both streams on one clock: every tick sends what is due by now.
  const started = performance.now();
  const progress = process.env.BENCH_VERBOSE
    ? setInterval(() => console.error(`L senders: ${((performance.now() - started) / 1000).toFixed(0)} s, comments ${nextComment} sent, likes ${nextLike} calls sent, ${answered} answered, ${accepted.length} comments accepted`), 1000)
    : undefined;
  let nextComment = 0;
  let nextLike = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = (performance.now() - started) / 1000;
      while (nextComment < commentsIntended && nextComment / job.commentsPerSec <= elapsed) sendComment(nextComment++);
      while (nextLike < likeCalls && nextLike / job.likeCallsPerSec <= elapsed) sendLikes(nextLike++);
      if (nextComment >= commentsIntended && nextLike >= likeCalls) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  await Promise.all(pending);
  clearInterval(progress);
  agent.destroy();

  // Likes in send order: a call's running count covers every accepted call sent up to it.
  let running = 0;
  const list: [number, number][] = [];
  for (const l of likes) {
    if (!l.ok) continue;
    running += job.likesPerCall;
    list.push([l.sentAt, running]);
  }
  return {
    comments: { intended: commentsIntended, accepted: accepted.sort((a, b) => a - b), reasons: commentReasons, p50: percentile(commentLatency, 0.5), p99: percentile(commentLatency, 0.99) },
    likes: { calls: likeCalls, acceptedCalls: list.length, acceptedLikes: running, reasons: likeReasons, running: list },
  };
}

onMessage(async (m) => {
  if (m.type === 'run') reply({ type: 'result', result: await run(m.job as SendersJob) });
});
exitOnSignals();
childReady();
