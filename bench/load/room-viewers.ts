// L's audience: up to 1,000 socket.io-client sockets in this process, each a viewer of one room
// of the real app. Each bench comment carries its send time in its text ("b<seq>.<ms>"): its
// delivery is counted per socket and its send→receive time kept in a 1 ms histogram. Like
// totals are kept per socket with their arrival time; after the run the senders' like calls
// (sent at, running count) come in and each call's latency is the first total that covers it.
// argv: url liveId count
import { io, type Socket } from 'socket.io-client';
import { childReady, exitOnSignals, onMessage, reply } from '../lib/child';

const [url = '', liveIdArg = '0', countArg = '0'] = process.argv.slice(2);
const liveId = Number(liveIdArg);
const count = Math.min(1000, Number(countArg));
const BUCKETS = 10_000; // ms; the last bucket holds everything slower
const BENCH = /^b(\d+)\.(\d+)$/;

interface Viewer {
  socket: Socket;
  /** Bench comments received (by seq), to tell duplicates and gaps. */
  comments: Set<number>;
  likes: { at: number; total: number }[];
  disconnects: number;
}

const viewers: Viewer[] = [];
const commentHistogram = new Uint32Array(BUCKETS + 1);
let measuring = false;
let duplicates = 0;

function connectOne(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000 });
    const viewer: Viewer = { socket, comments: new Set(), likes: [], disconnects: 0 };
    viewers.push(viewer);
    socket.on('comments:changed', (p: { liveId: number; added: { text: string }[]; likes?: number }) => {
      if (!measuring || p.liveId !== liveId) return;
      const now = Date.now();
      // While comments flow the like total rides in their batches.
      if (p.likes !== undefined) viewer.likes.push({ at: now, total: p.likes });
      for (const c of p.added) {
        const m = BENCH.exec(c.text);
        if (!m) continue;
        const seq = Number(m[1]);
        if (viewer.comments.has(seq)) {
          duplicates += 1;
          continue;
        }
        viewer.comments.add(seq);
        commentHistogram[Math.min(BUCKETS, Math.max(0, now - Number(m[2])))]! += 1;
      }
    });
    socket.on('likes:changed', (p: { liveId: number; total: number }) => {
      if (measuring && p.liveId === liveId) viewer.likes.push({ at: Date.now(), total: p.total });
    });
    socket.on('disconnect', () => {
      if (measuring) viewer.disconnects += 1;
    });
    socket.once('connect_error', () => resolve(false));
    socket.once('connect', () => {
      socket.emit('room:join', { liveId, as: 'viewer' }, (ack: { ok: boolean }) => resolve(ack.ok));
    });
  });
}

async function connectAll() {
  let joined = 0;
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, count - i) }, connectOne));
    joined += batch.filter(Boolean).length;
  }
  return joined;
}

const sparse = (histogram: Uint32Array) => {
  const out: [number, number][] = [];
  histogram.forEach((n, ms) => {
    if (n) out.push([ms, n]);
  });
  return out;
};

/** Per like call: ms from its send to the first total on this socket that includes it. */
function likeLatencies(calls: [number, number][], base: number) {
  const histogram = new Uint32Array(BUCKETS + 1);
  let missed = 0;
  for (const v of viewers) {
    let r = 0;
    for (const [sentAt, running] of calls) {
      while (r < v.likes.length && v.likes[r]!.total < base + running) r += 1;
      if (r === v.likes.length) {
        missed += 1;
        continue;
      }
      histogram[Math.min(BUCKETS, Math.max(0, v.likes[r]!.at - sentAt))]! += 1;
    }
  }
  return { sparse: sparse(histogram), missed };
}

onMessage(async (m) => {
  if (m.type === 'connect') reply({ type: 'joined', joined: await connectAll() });
  else if (m.type === 'measure') measuring = Boolean(m.on);
  else if (m.type === 'report') {
    // Totals only grow on the page (it keeps the largest it saw): so here.
    for (const v of viewers) {
      let max = 0;
      v.likes = v.likes.map((l) => ({ at: l.at, total: (max = Math.max(max, l.total)) }));
    }
    const expected = m.expected as number[];
    const want = new Set(expected);
    let delivered = 0;
    let minShare = 1;
    for (const v of viewers) {
      let got = 0;
      for (const seq of v.comments) if (want.has(seq)) got += 1;
      delivered += got;
      minShare = Math.min(minShare, expected.length ? got / expected.length : 1);
    }
    const likes = likeLatencies(m.likeCalls as [number, number][], m.likeBase as number);
    reply({
      type: 'report',
      sockets: viewers.length,
      connected: viewers.filter((v) => v.socket.connected).length,
      disconnects: viewers.reduce((n, v) => n + v.disconnects, 0),
      delivered,
      minShare,
      duplicates,
      comments: sparse(commentHistogram),
      likes: likes.sparse,
      likesMissed: likes.missed,
      likePushesPerSocket: viewers.length ? viewers.reduce((n, v) => n + v.likes.length, 0) / viewers.length : 0,
    });
  }
});
exitOnSignals(async () => {
  for (const v of viewers) v.socket.close();
});
childReady();
