// A redis-server of the run's own, on a free port, so that the suite can stop and restart it
// without touching the machine's Redis. No persistence: a restart comes back empty, as a
// Redis that lost its memory does.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisClient } from '../../server/redis/redis-kv';
import { freePort } from '../lib/load';
import { spawnProgram, type Child } from '../lib/proc';

const run = promisify(execFile);

/** What the checks and faults use of the run's Redis: this server, or a cluster (redis-cluster.ts). */
export interface GateStore {
  readonly running: boolean;
  up(): Promise<void>;
  down(): Promise<void>;
  with<T>(action: (redis: RedisClient) => Promise<T>): Promise<T>;
  scan(pattern: string): Promise<string[]>;
}

export class RedisServer implements GateStore {
  private child: Child | undefined;

  private constructor(
    readonly port: number,
    private readonly logFile: string,
  ) {}

  static async start(logFile: string): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), logFile);
    await server.up();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.proc.exitCode === null && this.child.proc.signalCode === null;
  }

  /** Starts redis-server on the port and waits until it answers PING. */
  async up(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', this.logFile];
    this.child = spawnProgram('redis-server', args, process.env);
    const until = Date.now() + 10_000;
    for (;;) {
      if (!this.running) throw new Error(`redis-server on port ${this.port} exited while starting (see ${this.logFile})`);
      if (await this.cli('PING').then((r) => r === 'PONG', () => false)) return;
      if (Date.now() > until) throw new Error(`redis-server on port ${this.port} did not answer within 10 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** SHUTDOWN NOSAVE, and wait for the process to be gone. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise<void>((resolve) => child.proc.once('exit', () => resolve()));
    await this.cli('SHUTDOWN', 'NOSAVE').catch(() => {});
    const timer = setTimeout(() => child.proc.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }

  async cli(...args: string[]): Promise<string> {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), ...args], { timeout: 5000 });
    return stdout.trim();
  }

  /** A short-lived client: Redis may go away between two uses. */
  async with<T>(action: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null });
    redis.on('error', () => {});
    await redis.connect();
    try {
      return await action(redis);
    } finally {
      redis.disconnect();
    }
  }

  /** Every key matching a pattern (SCAN, bounded). */
  async scan(pattern: string): Promise<string[]> {
    return this.with(async (redis) => {
      const keys: string[] = [];
      let cursor = '0';
      for (let step = 0; step < 10_000; step += 1) {
        const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        keys.push(...batch);
        cursor = next;
        if (cursor === '0') break;
      }
      return keys;
    });
  }
}
