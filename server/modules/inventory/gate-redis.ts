// The stock gate on Redis: three Lua scripts over hash-tagged keys (gate.ts), so one script
// may touch all keys of a SKU on Redis Cluster. defineCommand runs EVALSHA and falls back to
// EVAL when the script cache is gone (after a restart).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RedisClient } from '@/server/redis/redis-kv';
import { gateKeys, type GateRejection, type GateResult, type StockGate } from './gate';

type Keys = [string, string, string, string];

interface GateCommands {
  gateReserve(...args: [...Keys, number, number, number, string, string]): Promise<[number, number, number]>;
  gateMove(...args: [...Keys, number, number, string, number, string]): Promise<number>;
  gateLoad(...args: [...Keys, number, number, ...(string | number)[]]): Promise<number>;
}

const lua = (name: string) => readFileSync(path.resolve('server/modules/inventory', name), 'utf8');

const rejections: Record<number, GateRejection> = { [-1]: 'SOLD_OUT', [-2]: 'LIMIT_REACHED', [-3]: 'IDEMPOTENCY_CONFLICT', [-4]: 'NOT_LOADED' };

const keyList = (flashSkuId: number): Keys => {
  const k = gateKeys(flashSkuId);
  return [k.stock, k.users, k.idem, k.gen];
};

export function createRedisGate(redis: RedisClient): StockGate {
  redis.defineCommand('gateReserve', { numberOfKeys: 4, lua: lua('gate-reserve.lua') });
  redis.defineCommand('gateMove', { numberOfKeys: 4, lua: lua('gate-move.lua') });
  redis.defineCommand('gateLoad', { numberOfKeys: 4, lua: lua('gate-load.lua') });
  const gate = redis as unknown as GateCommands;
  let lost = false;
  const reconnectHandlers: (() => void)[] = [];
  redis.on('close', () => {
    lost = true;
  });
  redis.on('ready', () => {
    if (!lost) return;
    lost = false;
    for (const h of reconnectHandlers) h();
  });

  return {
    kind: 'redis',
    // Before the first connection commands wait in ioredis' queue; after a loss, callers go to the database.
    available: () => !lost && redis.status !== 'end',
    onReconnect(handler) {
      reconnectHandlers.push(handler);
    },
    async reserve(request): Promise<GateResult> {
      const [code, remaining, gen] = await gate.gateReserve(
        ...keyList(request.flashSkuId),
        request.userId, request.quantity, request.perUserLimit, request.idempotencyKey, request.requestHash,
      );
      if (code === 1 || code === 2) return { ok: true, duplicate: code === 2, remaining, gen };
      return { ok: false, reason: rejections[code] ?? 'NOT_LOADED', remaining, gen };
    },
    async move(flashSkuId, gen, change) {
      const remaining = await gate.gateMove(...keyList(flashSkuId), gen, change.stock, change.userId === undefined ? '' : String(change.userId), change.hold ?? 0, change.forgetKey ?? '');
      return remaining < 0 ? undefined : remaining;
    },
    async load(flashSkuId, gen, remaining, perUser) {
      const pairs = Object.entries(perUser).filter(([, q]) => q > 0).flat();
      return (await gate.gateLoad(...keyList(flashSkuId), gen, remaining, ...pairs)) === 1;
    },
    async remaining(flashSkuId) {
      const raw = await redis.get(gateKeys(flashSkuId).stock);
      return raw === null ? undefined : Number(raw);
    },
    async generation(flashSkuId) {
      const keys = gateKeys(flashSkuId);
      const [stock, gen] = await redis.mget(keys.stock, keys.gen);
      return stock === null ? undefined : Number(gen ?? 0);
    },
    async holds(flashSkuId) {
      const raw = await redis.hgetall(gateKeys(flashSkuId).users);
      return Object.fromEntries(Object.entries(raw).map(([u, q]) => [Number(u), Number(q)]));
    },
    async reservedKeys(flashSkuId) {
      return new Set(await redis.hkeys(gateKeys(flashSkuId).idem));
    },
    async drop(flashSkuId) {
      const k = gateKeys(flashSkuId);
      await redis.del(k.stock, k.users, k.idem, k.gen);
    },
    async lease(flashSkuId, ttlMs) {
      return (await redis.set(gateKeys(flashSkuId).lease, '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    async unlease(flashSkuId) {
      await redis.del(gateKeys(flashSkuId).lease);
    },
  };
}
