// The run's own Redis Cluster of three masters (server/testing/cluster.ts), behind the same
// small interface as its redis-server (redis-server.ts), so that the checks read the gate from
// either: short-lived clients, and SCAN master by master (a cluster's SCAN sees one node).
import { Cluster } from 'ioredis';
import type { RedisClient } from '../../server/redis/redis-kv';
import { startRedisCluster, type RedisClusterHandle } from '../../server/testing/cluster';
import type { GateStore } from './redis-server';

export class RedisClusterStore implements GateStore {
  private stopped = false;

  private constructor(readonly handle: RedisClusterHandle) {}

  static async start(): Promise<RedisClusterStore> {
    return new RedisClusterStore(await startRedisCluster());
  }

  get nodesEnv(): string {
    return this.handle.nodesEnv;
  }

  get running(): boolean {
    return !this.stopped;
  }

  async up(): Promise<void> {
    if (this.stopped) throw new Error('a stopped Redis Cluster is not started again in this suite');
  }

  async down(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.handle.stop();
  }

  async with<T>(action: (redis: RedisClient) => Promise<T>): Promise<T> {
    const cluster = new Cluster(this.handle.nodes, { lazyConnect: true, clusterRetryStrategy: () => null, redisOptions: { maxRetriesPerRequest: 1 } });
    cluster.on('error', () => {});
    await cluster.connect();
    try {
      return await action(cluster);
    } finally {
      cluster.disconnect();
    }
  }

  async scan(pattern: string): Promise<string[]> {
    return this.with(async (cluster) => {
      const keys: string[] = [];
      for (const node of (cluster as Cluster).nodes('master')) {
        let cursor = '0';
        for (let step = 0; step < 10_000; step += 1) {
          const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          keys.push(...batch);
          cursor = next;
          if (cursor === '0') break;
        }
      }
      return keys;
    });
  }
}
