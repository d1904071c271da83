// Server-side sessions (table auth_session). A session ends at sign-out, when revoked (sign out
// of all devices, a member removed), after IDLE_MS unused or ABSOLUTE_MS after sign-in. Every
// call reads its session, the order path too: each process remembers a session's standing for
// at most CACHE_MS, and a revocation is broadcast over the key-value pub/sub so that every
// instance forgets it (and drops its sockets) at once.
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import type { PubSub } from '@/server/redis/kv';
import type { SessionUser } from './session';
import { newSessionToken, sessionIdOf } from './token';

export const IDLE_MS = 7 * 24 * 3600_000;
export const ABSOLUTE_MS = 30 * 24 * 3600_000;
/** How long a process trusts what it read about a session (a revocation it hears is immediate). */
export const CACHE_MS = 2_000;
/** last_seen_at is written at most this often per session (idle expiry counts in days). */
const TOUCH_MS = 5 * 60_000;
const CACHE_MAX = 50_000;
export const SESSIONS_CHANNEL = 'auth:sessions';

/** A broadcast: sessions that ended, and users whose account changed (role, shop, name). */
interface SessionsMessage {
  revoked?: string[];
  users?: number[];
}

export interface SessionInfo {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string;
  ip: string;
  current: boolean;
}

const rowSelect = {
  id: true,
  lastSeenAt: true,
  expiresAt: true,
  revokedAt: true,
  user: { select: { id: true, role: true, displayName: true, shopId: true, shopRole: true } },
} as const;
type Row = { id: string; lastSeenAt: Date; expiresAt: Date; revokedAt: Date | null; user: { id: number; role: SessionUser['role']; displayName: string; shopId: number | null; shopRole: SessionUser['shopRole'] } };
type Waiter = { resolve: (row: Row | null) => void; reject: (error: unknown) => void };
/** Sessions read in one query at most (a storm's first second reads hundreds at once). */
const BATCH_MAX = 1000;

export class SessionStore {
  // A revoked session is remembered as such (heardAt), so that a read already under way when
  // the revocation was heard cannot put it back.
  private readonly cache = new Map<string, { user: SessionUser | null; until: number; heardAt?: number }>();
  private batch: Map<string, Waiter[]> | undefined;
  private readonly loading = new Map<string, Promise<SessionUser | null>>();
  private readonly listeners = new Set<(ids: string[]) => void>();
  private unsubscribe: (() => Promise<void>) | undefined;
  private lastLoadError = 0;
  readonly ready: Promise<void>;

  constructor(
    private readonly deps: { db: Db; pubsub: PubSub; log: Logger },
    private readonly now: () => number = Date.now,
  ) {
    this.ready = this.deps.pubsub
      .subscribe(SESSIONS_CHANNEL, (message) => this.hear(message as SessionsMessage))
      .then((unsubscribe) => void (this.unsubscribe = unsubscribe))
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'session revocations: subscribe failed; this instance relies on the 2 s cache'));
  }

  /** Starts a session for the user (sign-in, sign-up): returns the token for the cookie and the id. */
  async create(userId: number, meta: { userAgent?: string; ip?: string }): Promise<{ token: string; id: string }> {
    const token = newSessionToken();
    const id = sessionIdOf(token);
    const now = new Date(this.now());
    await this.deps.db.authSession.create({
      data: {
        id,
        userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + ABSOLUTE_MS),
        userAgent: (meta.userAgent ?? '').slice(0, 300),
        ip: (meta.ip ?? '').slice(0, 64),
      },
      select: { id: true },
    });
    return { token, id };
  }

  /** Sessions for many users at once (load generators and tests sign thousands in): the tokens, in order. */
  async createMany(userIds: number[], meta: { userAgent?: string; ip?: string } = {}): Promise<string[]> {
    const now = new Date(this.now());
    const tokens = userIds.map(() => newSessionToken());
    await this.deps.db.authSession.createMany({
      data: userIds.map((userId, i) => ({
        id: sessionIdOf(tokens[i]!),
        userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + ABSOLUTE_MS),
        userAgent: (meta.userAgent ?? '').slice(0, 300),
        ip: (meta.ip ?? '').slice(0, 64),
      })),
    });
    return tokens;
  }

  /** The user of a standing session, or undefined (unknown, revoked, idle too long, expired). */
  async resolve(id: string): Promise<SessionUser | undefined> {
    const now = this.now();
    const hit = this.cache.get(id);
    if (hit && hit.until > now) return hit.user ?? undefined;
    // One read per session at a time, however many calls arrive together (a buyer's burst).
    let pending = this.loading.get(id);
    if (!pending) {
      pending = this.load(id).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return (await pending) ?? undefined;
  }

  private async load(id: string): Promise<SessionUser | null> {
    const started = this.now();
    const row = await this.fetch(id);
    const now = this.now();
    const heard = this.cache.get(id)?.heardAt;
    if (heard !== undefined && heard >= started) return null;
    const standing = row && !row.revokedAt && row.expiresAt.getTime() > now && row.lastSeenAt.getTime() + IDLE_MS > now;
    const user: SessionUser | null = standing
      ? { id: row.user.id, role: row.user.role, name: row.user.displayName, shopId: row.user.shopId, shopRole: row.user.shopRole, sessionId: id }
      : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(id, { user, until: now + CACHE_MS });
    if (standing && now - row.lastSeenAt.getTime() > TOUCH_MS) {
      void this.deps.db.authSession
        .updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: new Date(now) } })
        .catch((error: unknown) => this.deps.log.warn({ err: error }, 'session last-seen update failed'));
    }
    return user;
  }

  /** The rows of the sessions asked for in this turn of the event loop, in one query. */
  private fetch(id: string): Promise<Row | null> {
    let batch = this.batch;
    if (!batch || batch.size >= BATCH_MAX) {
      const created = new Map<string, Waiter[]>();
      batch = this.batch = created;
      setImmediate(() => {
        if (this.batch === created) this.batch = undefined;
        void this.flush(created);
      });
    }
    const waiters = batch.get(id) ?? [];
    batch.set(id, waiters);
    return new Promise<Row | null>((resolve, reject) => waiters.push({ resolve, reject }));
  }

  private async flush(batch: Map<string, Waiter[]>): Promise<void> {
    try {
      const rows: Row[] = await this.deps.db.authSession.findMany({ where: { id: { in: [...batch.keys()] } }, select: rowSelect });
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const [id, waiters] of batch) for (const w of waiters) w.resolve(byId.get(id) ?? null);
    } catch (error) {
      if (Date.now() - this.lastLoadError > 5000) this.deps.log.warn({ err: error }, 'session look-up failed');
      this.lastLoadError = Date.now();
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    }
  }

  /** Ends sessions (by id) wherever they are used; returns the ids that were standing. */
  async revoke(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    await this.deps.db.authSession.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: new Date(this.now()) } });
    await this.announce({ revoked: ids });
    return ids;
  }

  /** Ends one session of the user (a line of "my sessions"); false if it is not theirs. */
  async revokeOwn(userId: number, id: string): Promise<boolean> {
    const row = await this.deps.db.authSession.findFirst({ where: { id, userId, revokedAt: null }, select: { id: true } });
    if (!row) return false;
    await this.revoke([row.id]);
    return true;
  }

  /** Ends every session of the user (sign out of all devices, a member removed). */
  async revokeAllOf(userId: number): Promise<string[]> {
    const rows = await this.deps.db.authSession.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
    const at = new Date(this.now());
    // By user as well as by id: a session started meanwhile ends too.
    await this.deps.db.authSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at } });
    const ids = rows.map((r) => r.id);
    await this.announce({ revoked: ids, users: [userId] });
    return ids;
  }

  /** The user's account changed (joined or left a shop): sessions read it again at once. */
  async userChanged(userId: number): Promise<void> {
    await this.announce({ users: [userId] });
  }

  /** The user's standing sessions, newest first. */
  async list(userId: number, currentId?: string): Promise<SessionInfo[]> {
    const now = this.now();
    const rows = await this.deps.db.authSession.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: new Date(now) }, lastSeenAt: { gt: new Date(now - IDLE_MS) } },
      select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true, ip: true },
      orderBy: { createdAt: 'desc' },
      take: 100,
    });
    return rows.map((r) => ({ ...r, current: r.id === currentId }));
  }

  /** Of these session ids, the ones that no longer stand (for sockets that outlive a missed broadcast). */
  async ended(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const now = this.now();
    const standing = await this.deps.db.authSession.findMany({
      where: { id: { in: ids }, revokedAt: null, expiresAt: { gt: new Date(now) }, lastSeenAt: { gt: new Date(now - IDLE_MS) } },
      select: { id: true },
    });
    const keep = new Set(standing.map((s) => s.id));
    return ids.filter((id) => !keep.has(id));
  }

  /** Called with the ids of sessions that ended, whichever instance ended them. */
  onRevoked(listener: (ids: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.unsubscribe?.().catch(() => {});
  }

  // Applied here at once, then told to the other instances (and heard back here, harmlessly).
  private async announce(message: SessionsMessage): Promise<void> {
    this.hear(message);
    try {
      await this.deps.pubsub.publish(SESSIONS_CHANNEL, message);
    } catch (error) {
      // Other instances still stop trusting the session within CACHE_MS; their sockets go at the next sweep.
      this.deps.log.warn({ err: error }, 'session revocation broadcast failed');
    }
  }

  private hear(message: SessionsMessage): void {
    const now = this.now();
    for (const id of message.revoked ?? []) this.cache.set(id, { user: null, until: now + CACHE_MS, heardAt: now });
    if (message.users?.length) {
      const users = new Set(message.users);
      for (const [id, entry] of this.cache) if (entry.user && users.has(entry.user.id)) this.cache.delete(id);
    }
    if (message.revoked?.length) for (const listener of this.listeners) listener(message.revoked);
  }
}
