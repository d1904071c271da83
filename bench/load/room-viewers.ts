// L's audience: up to 1,000 viewer sockets of one room of the real app in this process. They
// speak socket.io's wire protocol (Engine.IO 4 over a plain WebSocket: open, connect the
// namespace, join the room with an ack, answer pings) and read the pushes they measure without
// parsing whole payloads: on a 2-core machine the load generator must not take the core the app
// needs (socket.io-client, which decodes every packet into objects, took about one core for
// 5,000 sockets). Each bench comment carries its send time in its text ("b<seq>.<ms>"): its
// delivery is counted per socket and its send→receive time kept in a 1 ms histogram. Like
// totals (their own push, or riding in a comment batch) are kept per socket with their arrival
// time; after the run the senders' like calls (sent at, running count) come in and each call's
// latency is the first total that covers it. argv: url liveId count
import WebSocket from 'ws';
import { childReady, exitOnSignals, onMessage, reply } from '../lib/child';

const [url = '', liveIdArg = '0', countArg = '0'] = process.argv.slice(2);
const liveId = Number(liveIdArg);
const count = Math.min(1000, Number(countArg));
const BUCKETS = 10_000; // ms; the last bucket holds everything slower
const wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;

interface Viewer {
  ws: WebSocket;
  /** Bench comments received (by seq), to tell duplicates and gaps. */
  comments: Set<number>;
  likes: { at: number; total: number }[];
  disconnects: number;
}

const viewers: Viewer[] = [];
const commentHistogram = new Uint32Array(BUCKETS + 1);
let measuring = false;
let duplicates = 0;

const BENCH_TEXT = /"text":"b(\d+)\.(\d+)"/g;
const LIKES = /"(?:likes|total)":(\d+)/;
const COMMENTS_EVENT = `42["comments:changed",{"liveId":${liveId},`;
const LIKES_EVENT = `42["likes:changed",{"liveId":${liveId},`;

function onPush(viewer: Viewer, data: string) {
  if (!measuring) return;
  const now = Date.now();
  if (data.startsWith(COMMENTS_EVENT)) {
    for (const m of data.matchAll(BENCH_TEXT)) {
      const seq = Number(m[1]);
      if (viewer.comments.has(seq)) {
        duplicates += 1;
        continue;
      }
      viewer.comments.add(seq);
      commentHistogram[Math.min(BUCKETS, Math.max(0, now - Number(m[2])))]! += 1;
    }
    // While comments flow the like total rides in their batches (the last field of the payload).
    const likes = /"likes":(\d+)\}/.exec(data);
    if (likes) viewer.likes.push({ at: now, total: Number(likes[1]) });
  } else if (data.startsWith(LIKES_EVENT)) {
    const total = LIKES.exec(data);
    if (total) viewer.likes.push({ at: now, total: Number(total[1]) });
  }
}

function connectOne(): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    const viewer: Viewer = { ws, comments: new Set(), likes: [], disconnects: 0 };
    viewers.push(viewer);
    let joined = false;
    const done = (ok: boolean) => {
      if (joined) return;
      joined = true;
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 30_000);
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      const data = raw.toString();
      const type = data.charCodeAt(0);
      if (type === 52 /* '4' message */) {
        if (data.charCodeAt(1) === 50 /* '2' event */) onPush(viewer, data);
        else if (data.startsWith('40')) ws.send(`420["room:join",{"liveId":${liveId},"as":"viewer"}]`);
        else if (data.startsWith('430')) {
          clearTimeout(timer);
          done(data.includes('"ok":true'));
        }
      } else if (type === 48 /* '0' open */) ws.send('40');
      else if (type === 50 /* '2' ping */) ws.send('3');
    });
    ws.on('close', () => {
      if (measuring) viewer.disconnects += 1;
      clearTimeout(timer);
      done(false);
    });
    ws.on('error', () => done(false));
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
      connected: viewers.filter((v) => v.ws.readyState === WebSocket.OPEN).length,
      disconnects: viewers.reduce((n, v) => n + v.disconnects, 0),
      delivered,
      minShare,
      duplicates,
      comments: sparse(commentHistogram),
      likes: likes.sparse,
      likesMissed: likes.missed,
    });
  }
});
exitOnSignals(async () => {
  for (const v of viewers) v.ws.close();
});
childReady();
