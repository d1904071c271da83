// W's clients: up to 1,000 socket.io-client sockets in this process, each joining viewer
// room 1; stock:changed deliveries are counted and their emit→receive time kept in a 1 ms
// histogram. argv: url count
import { io, type Socket } from 'socket.io-client';
import { childReady, exitOnSignals, onMessage, reply } from '../lib/child';

const [url = '', countArg = '0'] = process.argv.slice(2);
const count = Math.min(1000, Number(countArg));
const BUCKETS = 10_000; // ms; the last bucket holds everything slower
const histogram = new Uint32Array(BUCKETS + 1);
let deliveries = 0;
let measuring = false;
const sockets: Socket[] = [];

function connectOne(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
    sockets.push(socket);
    socket.on('stock:changed', (payload: { seq: number }) => {
      if (!measuring) return;
      deliveries += 1;
      histogram[Math.min(BUCKETS, Math.max(0, Date.now() - payload.seq))]! += 1;
    });
    socket.once('connect_error', () => resolve(false));
    socket.once('connect', () => {
      socket.emit('room:join', { liveId: 1, as: 'viewer' }, (ack: { ok: boolean }) => resolve(ack.ok));
    });
  });
}

async function connectAll() {
  let joined = 0;
  // In batches, so the server is not hit by every handshake at once.
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, count - i) }, connectOne));
    joined += batch.filter(Boolean).length;
  }
  return joined;
}

onMessage(async (m) => {
  if (m.type === 'connect') reply({ type: 'joined', joined: await connectAll() });
  else if (m.type === 'measure') measuring = Boolean(m.on);
  else if (m.type === 'report') {
    const sparse: [number, number][] = [];
    histogram.forEach((n, ms) => {
      if (n) sparse.push([ms, n]);
    });
    reply({ type: 'report', deliveries, sparse });
  }
});
exitOnSignals(async () => {
  for (const s of sockets) s.close();
});
childReady();
