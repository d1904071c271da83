// The app's stock gate on its own Redis client, for the sections that measure the gate alone.
import { createRedisGate } from '../../server/modules/inventory/gate-redis';
import { gateKeys } from '../../server/modules/inventory/gate';
import { createRedisClient } from '../../server/redis/redis-kv';
import { REDIS_URL } from './env';

export function benchGate(keyPrefix: string) {
  const redis = createRedisClient(REDIS_URL, { keyPrefix });
  const gate = createRedisGate(redis);
  return {
    redis,
    gate,
    /** Removes the SKU's gate keys. */
    async clear(flashSkuId: number) {
      const k = gateKeys(flashSkuId);
      await redis.del(k.stock, k.users, k.idem, k.gen).catch(() => {});
    },
    async close() {
      await redis.quit();
    },
  };
}
