// What a comment is checked against, per room: the room (shop, status), the shop's banned
// words, the items' keywords and who is muted until when. Read once and kept for a few seconds,
// so a busy room costs one database read per interval rather than three per comment; a change
// drops it at once in this process and, over pub/sub, in every other instance.
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import type { KvServices } from '@/server/redis/kv';
import type { Keyword } from './comment-text';

export interface RoomRules {
  liveId: number;
  shopId: number;
  status: 'SCHEDULED' | 'LIVE' | 'ENDED';
  bannedWords: string[];
  keywords: Keyword[];
  /** Muted viewers: user id → until (ms). */
  mutes: Map<number, number>;
}

const TTL_MS = 3000;
export const RULES_CHANGED_CHANNEL = 'interaction:rules';
type Changed = { liveId: number } | { shopId: number };

export class RoomRulesCache {
  private readonly rooms = new Map<number, { at: number; rules: Promise<RoomRules | null> }>();
  private unsubscribe: Promise<() => Promise<void>> | undefined;

  constructor(private readonly deps: { db: Db; kv: KvServices; log: Logger }) {}

  /** The room's rules; null when there is no such room. */
  get(liveId: number): Promise<RoomRules | null> {
    this.listen();
    const hit = this.rooms.get(liveId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.rules;
    const rules = this.load(liveId);
    this.rooms.set(liveId, { at: Date.now(), rules });
    // A failed read is not kept.
    rules.catch(() => this.rooms.delete(liveId));
    return rules;
  }

  /** A room's keywords or mutes changed, or a shop's banned words: read again, here and everywhere. */
  async changed(what: Changed) {
    this.drop(what);
    await this.deps.kv.pubsub.publish(RULES_CHANGED_CHANNEL, what).catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not tell other instances that room rules changed; they read them again within seconds'));
  }

  private drop(what: Changed) {
    if ('liveId' in what) {
      this.rooms.delete(what.liveId);
      return;
    }
    // Rooms of the shop: their cached rules say which shop they belong to.
    for (const [liveId, entry] of this.rooms) {
      void entry.rules.then((rules) => {
        if (rules?.shopId === what.shopId && this.rooms.get(liveId) === entry) this.rooms.delete(liveId);
      }, () => undefined);
    }
  }

  private listen() {
    if (this.unsubscribe) return;
    this.unsubscribe = this.deps.kv.pubsub.subscribe(RULES_CHANGED_CHANNEL, (message) => this.drop(message as Changed));
    this.unsubscribe.catch((error: unknown) => {
      this.deps.log.warn({ err: error }, 'room rules: no subscription to changes; cached rules live their few seconds');
      this.unsubscribe = undefined;
    });
  }

  private async load(liveId: number): Promise<RoomRules | null> {
    const { db } = this.deps;
    const room = await db.liveSession.findUnique({ where: { id: liveId }, select: { id: true, shopId: true, status: true } });
    if (!room) return null;
    const now = new Date();
    const [words, items, mutes] = await Promise.all([
      db.shopBannedWord.findMany({ where: { shopId: room.shopId }, select: { word: true } }),
      db.liveRoomGoods.findMany({ where: { liveId, keyword: { not: null }, onShelf: true }, select: { id: true, spuId: true, keyword: true }, orderBy: [{ sort: 'asc' }, { id: 'asc' }] }),
      db.liveMute.findMany({ where: { liveId, until: { gt: now } }, select: { userId: true, until: true } }),
    ]);
    return {
      liveId,
      shopId: room.shopId,
      status: room.status,
      bannedWords: words.map((w) => w.word),
      keywords: items.map((i) => ({ roomGoodsId: i.id, spuId: i.spuId, keyword: i.keyword! })),
      mutes: new Map(mutes.map((m) => [m.userId, m.until.getTime()])),
    };
  }

  async close() {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    if (unsubscribe) await (await unsubscribe.catch(() => async () => undefined))();
    this.rooms.clear();
  }
}
