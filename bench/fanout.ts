// W — stock update fan-out: N sockets (≤ 1,000 per client process) in one room of the
// project's socket.io server, stock:changed at 10 Hz; deliveries/s and emit→receive latency.
import { cpuMeter, infraGroups, spawnTs, type Child, type CpuShares } from './lib/proc';

export interface FanoutResult {
  sockets: number;
  processes: number;
  seconds: number;
  emitted: number;
  deliveries: number;
  deliveriesPerSecond: number;
  deliveryShare: number;
  p50: number;
  p99: number;
  max: number;
  cpu: CpuShares;
}

const HZ = 10;
const PER_PROCESS = 1000;

async function one(sockets: number, seconds: number): Promise<FanoutResult> {
  const server = spawnTs('bench/servers/socket-server.ts');
  const clients: Child[] = [];
  try {
    const { port } = await server.next<{ port: number }>((m) => m.type === 'ready', 30_000);
    for (let left = sockets; left > 0; left -= PER_PROCESS) clients.push(spawnTs('bench/load/sockets.ts', [`http://127.0.0.1:${port}`, String(Math.min(PER_PROCESS, left))]));
    await Promise.all(clients.map((c) => c.next((m) => m.type === 'ready', 30_000)));
    // One process connects at a time: handshakes are CPU-heavy on a 2-core machine.
    let joined = 0;
    for (const c of clients) {
      c.send({ type: 'connect' });
      joined += (await c.next<{ joined: number }>((m) => m.type === 'joined', 180_000)).joined;
    }
    server.send({ type: 'count' });
    const { inRoom } = await server.next<{ inRoom: number }>((m) => m.type === 'count', 10_000);
    if (joined !== sockets || inRoom !== sockets) throw new Error(`W: ${joined} of ${sockets} sockets joined (${inRoom} in the room)`);
    for (const c of clients) c.send({ type: 'measure', on: true });
    const meter = cpuMeter({ server: () => [server.pid], clients: () => clients.map((c) => c.pid), ...infraGroups });
    server.send({ type: 'emit', hz: HZ, seconds });
    const { count: emitted } = await server.next<{ count: number }>((m) => m.type === 'emitted', seconds * 1000 + 30_000);
    // Let the last pushes arrive (bounded).
    await new Promise((r) => setTimeout(r, 1000));
    const cpu = meter();
    const histogram = new Map<number, number>();
    let deliveries = 0;
    for (const c of clients) {
      c.send({ type: 'report' });
      const r = await c.next<{ deliveries: number; sparse: [number, number][] }>((m) => m.type === 'report', 30_000);
      deliveries += r.deliveries;
      for (const [ms, n] of r.sparse) histogram.set(ms, (histogram.get(ms) ?? 0) + n);
    }
    const sorted = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
    const at = (q: number) => {
      const target = q * deliveries;
      let seen = 0;
      for (const [ms, n] of sorted) {
        seen += n;
        if (seen >= target) return ms;
      }
      return sorted.at(-1)?.[0] ?? 0;
    };
    return {
      sockets,
      processes: clients.length,
      seconds,
      emitted,
      deliveries,
      deliveriesPerSecond: deliveries / seconds,
      deliveryShare: deliveries / (emitted * sockets),
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.at(-1)?.[0] ?? 0,
      cpu,
    };
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    await server.stop();
  }
}

export async function measureFanout(options: { sockets: number[]; seconds: number }): Promise<FanoutResult[]> {
  const results: FanoutResult[] = [];
  for (const n of options.sockets) results.push(await one(n, options.seconds));
  return results;
}
