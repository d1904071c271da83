// Presence on Redis: three Lua scripts over one room's hash-tagged keys (presence.ts).
// defineCommand runs EVALSHA and falls back to EVAL when the script cache is gone.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RedisClient } from '@/server/redis/redis-kv';
import { PRESENCE_ROOMS_KEY, presenceKeys, type Presence, type PresenceLeft } from './presence';

type Keys = [string, string, string, string];

interface PresenceCommands {
  presenceTouch(...args: [...Keys, number, ...string[]]): Promise<[number, number]>;
  presenceLeave(...args: [...Keys, string, ...(string | number)[]]): Promise<string[]>;
  presenceForget(key: string, liveId: number, cutoffMs: number): Promise<number>;
}

const lua = (name: string) => readFileSync(path.resolve('server/modules/audience', name), 'utf8');

const keyList = (liveId: number): Keys => {
  const k = presenceKeys(liveId);
  return [k.seen, k.conns, k.visitors, k.peak];
};

function parseLeft(flat: string[]): PresenceLeft[] {
  const out: PresenceLeft[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    const [visitor = '', visitId = ''] = flat[i + 1]!.split('\t');
    out.push({ connId: flat[i]!, visitor, visitId, lastSeenMs: Number(flat[i + 2]) });
  }
  return out;
}

export function createRedisPresence(redis: RedisClient): Presence {
  redis.defineCommand('presenceTouch', { numberOfKeys: 4, lua: lua('presence-touch.lua') });
  redis.defineCommand('presenceLeave', { numberOfKeys: 4, lua: lua('presence-leave.lua') });
  redis.defineCommand('presenceForget', { numberOfKeys: 1, lua: lua('presence-forget.lua') });
  const commands = redis as unknown as PresenceCommands;
  return {
    kind: 'redis',
    async touch(liveId, conns, nowMs) {
      const args = conns.flatMap((c) => [c.connId, c.visitor, c.visitId]);
      const [online, peak] = await commands.presenceTouch(...keyList(liveId), nowMs, ...args);
      // After the room's own keys: a concurrent forgetIdle cannot drop a room just touched.
      await redis.zadd(PRESENCE_ROOMS_KEY, nowMs, String(liveId));
      return { online: Number(online), peak: Number(peak) };
    },
    async leave(liveId, connIds) {
      if (connIds.length === 0) return [];
      return parseLeft(await commands.presenceLeave(...keyList(liveId), 'ids', ...connIds));
    },
    async sweep(liveId, cutoffMs) {
      return parseLeft(await commands.presenceLeave(...keyList(liveId), 'before', cutoffMs));
    },
    async online(liveId) {
      return redis.hlen(presenceKeys(liveId).visitors);
    },
    async peak(liveId) {
      return Number((await redis.get(presenceKeys(liveId).peak)) ?? 0);
    },
    async rooms() {
      return (await redis.zrange(PRESENCE_ROOMS_KEY, '0', '-1')).map(Number);
    },
    async forgetIdle(liveId, cutoffMs) {
      if ((await redis.hlen(presenceKeys(liveId).visitors)) > 0) return;
      await commands.presenceForget(PRESENCE_ROOMS_KEY, liveId, cutoffMs);
    },
  };
}
