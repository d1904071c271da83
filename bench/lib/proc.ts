// Child processes of a benchmark run (servers, load generators) and their CPU time. Every
// child is registered, so a failing run still ends them all; each child also exits when its
// IPC channel to us closes (see childReady in child.ts).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const children = new Set<ChildProcess>();

export interface Child {
  proc: ChildProcess;
  pid: number;
  /** The next IPC message that passes `accept`, or an error when the child exits first or time runs out. */
  next<T>(accept: (m: Record<string, unknown>) => boolean, timeoutMs: number): Promise<T>;
  send(message: unknown): void;
  stop(): Promise<void>;
}

/** Starts a TypeScript file under bench/ (or server/) in its own Node process, with an IPC channel. */
export function spawnTs(file: string, args: string[] = [], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve(file), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return track(proc);
}

/** Any other program (the built app), stdout/stderr passed through — or to `output` when given. */
export function spawnProgram(command: string, args: string[], env: NodeJS.ProcessEnv, output?: (chunk: string) => void): Child {
  const proc = spawn(command, args, { env, stdio: ['ignore', output ? 'pipe' : 'inherit', output ? 'pipe' : 'inherit', 'ipc'] });
  if (output) {
    proc.stdout?.setEncoding('utf8').on('data', output);
    proc.stderr?.setEncoding('utf8').on('data', output);
  }
  return track(proc);
}

function track(proc: ChildProcess): Child {
  children.add(proc);
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let exited = false;
  proc.on('message', (m) => {
    messages.push(m as Record<string, unknown>);
    for (const w of waiters) w();
  });
  proc.on('exit', () => {
    exited = true;
    children.delete(proc);
    for (const w of waiters) w();
  });
  return {
    proc,
    pid: proc.pid ?? -1,
    next<T>(accept: (m: Record<string, unknown>) => boolean, timeoutMs: number) {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const index = messages.findIndex(accept);
          if (index >= 0) {
            done();
            const [m] = messages.splice(index, 1);
            if (m && typeof m.error === 'string') reject(new Error(`child ${proc.pid}: ${m.error}`));
            else resolve(m as T);
          } else if (exited) {
            done();
            reject(new Error(`child ${proc.pid} exited (code ${proc.exitCode}, signal ${proc.signalCode}) before answering`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`child ${proc.pid} did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    send(message: unknown) {
      if (proc.connected) proc.send(message as never);
    },
    stop: () => stopProcess(proc),
  };
}

async function stopProcess(proc: ChildProcess, graceMs = 5000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopProcess(c)));
}

// Last resort when the run dies without reaching its finally blocks.
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

// ---- CPU time from /proc/<pid>/stat (utime + stime, in clock ticks) ----

let clockTicks = 100;
try {
  clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
} catch {
  // getconf missing: Linux uses 100 almost everywhere.
}

export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command start at field 3 (state); utime is field 14, stime 15.
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return 0;
  }
}

export function pidsOf(name: string): number[] {
  try {
    return execFileSync('pgrep', ['-x', name]).toString().trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export type CpuShares = Record<string, number>;

/**
 * Starts measuring; the returned function gives each named group's CPU use over the interval
 * as a share of one core (1.0 = one core busy). PostgreSQL backends that start or end in
 * between are counted only while both readings see them.
 */
export function cpuMeter(groups: Record<string, () => number[]>): () => CpuShares {
  const started = performance.now();
  const before = new Map<string, Map<number, number>>();
  for (const [name, pids] of Object.entries(groups)) before.set(name, new Map(pids().map((p) => [p, cpuSeconds(p)])));
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const shares: CpuShares = {};
    for (const [name, pids] of Object.entries(groups)) {
      const start = before.get(name)!;
      let used = 0;
      for (const p of new Set([...pids(), ...start.keys()])) {
        const now = cpuSeconds(p);
        if (now > 0) used += now - (start.get(p) ?? 0);
      }
      shares[name] = used / seconds;
    }
    return shares;
  };
}

export const infraGroups = { redis: () => pidsOf('redis-server'), postgres: () => pidsOf('postgres') };

export const formatCpu = (shares: CpuShares) =>
  Object.entries(shares)
    .map(([name, share]) => `${name} ${(share * 100).toFixed(0)}%`)
    .join(', ');
