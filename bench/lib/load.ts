// Runs a load generator in its own process and measures the CPU of everyone involved.
import net from 'node:net';
import type { CannonJob, CannonResult } from '../load/cannon';
import type { OpenLoopJob, OpenLoopResult } from '../load/open-loop';
import { cpuMeter, infraGroups, spawnTs, type CpuShares } from './proc';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

type Groups = Record<string, () => number[]>;

export async function runCannon(job: CannonJob, groups: Groups): Promise<{ result: CannonResult; cpu: CpuShares }> {
  const child = spawnTs('bench/load/cannon.ts');
  try {
    await child.next((m) => m.type === 'ready', 30_000);
    const meter = cpuMeter({ loadgen: () => [child.pid], ...groups, ...infraGroups });
    child.send({ type: 'run', job });
    const { result } = await child.next<{ result: CannonResult }>((m) => m.type === 'result', job.durationSec * 4000 + 60_000);
    return { result, cpu: meter() };
  } finally {
    await child.stop();
  }
}

export async function runOpenLoop(job: OpenLoopJob, groups: Groups): Promise<{ result: OpenLoopResult; cpu: CpuShares }> {
  const child = spawnTs('bench/load/open-loop.ts');
  try {
    await child.next((m) => m.type === 'ready', 30_000);
    const meter = cpuMeter({ loadgen: () => [child.pid], ...groups, ...infraGroups });
    child.send({ type: 'run', job });
    const { result } = await child.next<{ result: OpenLoopResult }>((m) => m.type === 'result', job.durationSec * 1000 + 90_000);
    return { result, cpu: meter() };
  } finally {
    await child.stop();
  }
}
