// The audience of a room (在线人数): who is watching now, across instances (presence.ts), each
// viewer's visit with its watch time (live_visit), entries in the funnel (ROOM_ENTER), and the
// curve over the session (live_audience_minute). A viewer socket joining the viewer room starts
// a visit; leaving the room or disconnecting ends it; a visit whose instance died is closed by
// the sweep of any other instance (on Redis), or by the database sweep (no instance heard of it
// for a while: the embedded default after a restart, Redis flushed).
import { Prisma } from '@/server/db/generated/client';
import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import type { Logger } from '@/server/logger';
import type { Tracker } from '@/server/modules/tracking/tracking.rate-limit';
import type { Presence } from './presence';

export const AUDIENCE_TIMING = {
  /** Each instance touches its connections (and writes their watch time) this often. */
  tickMs: 10_000,
  /** A connection not seen this long belonged to an instance that died. */
  staleMs: 35_000,
  /** An open visit whose watch time nobody wrote for this long is closed by the database sweep. */
  staleVisitMs: 90_000,
  /** The database sweep runs this often (it reads every open visit). */
  visitSweepMs: 60_000,
  /** A room with nobody in it leaves the rooms to sample after this long. */
  idleRoomMs: 10 * 60_000,
  /** Figures are computed at most once a second per room per instance; clients poll them. */
  figuresMemoMs: 1_000,
} as const;

export interface EnterInput {
  liveId: number;
  /** The socket's id: unique across instances. */
  connId: string;
  userId?: number;
  /** The browser's visitor cookie (lc_vid). */
  visitorCookie?: string;
  ip: string;
}

interface LocalConn {
  liveId: number;
  connId: string;
  visitor: string;
  enteredAt: number;
  /** '' while the visit is being written, or when the entry was over the rate limit. */
  visitId: string;
  ready: Promise<void>;
}

export interface AudienceFigures {
  liveId: number;
  online: number;
  peak: number;
  /** Entries (PV): visits started. */
  entries: number;
  /** Unique viewers (UV), by visitor (the account when signed in, else the visitor cookie). */
  uv: number;
  /** Watch time of every visit, open ones up to now. */
  watchSeconds: number;
  /** Watch time per unique viewer (人均观看时长). */
  avgWatchSeconds: number;
  gmv: number; // fen
  buyers: number;
  /** GMV per 1,000 entries, in fen. */
  gpm: number;
  /** Buyers ÷ unique viewers; null before anyone watched. */
  conversion: number | null;
  at: number;
}

/** The viewer a connection belongs to: the account when signed in, else the browser, else the socket. */
export function visitorKey(input: Pick<EnterInput, 'userId' | 'visitorCookie' | 'connId'>): string {
  if (input.userId !== undefined) return `u${input.userId}`;
  return (input.visitorCookie ?? `s${input.connId}`).slice(0, 64);
}

/** A moment as a SQL timestamp (the columns hold UTC without a zone). */
const at = (ms: number) => Prisma.sql`(${new Date(ms).toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

export const gpmOf = (gmv: number, entries: number) => (entries > 0 ? Math.round((gmv * 1000) / entries) : 0);

export class Audience {
  private readonly local = new Map<string, LocalConn>();
  /** The highest online count this instance saw per room since its last sample. */
  private readonly seenOnline = new Map<number, number>();
  private readonly memo = new Map<number, { at: number; value: Promise<AudienceFigures> }>();
  private readonly leaving = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private lastVisitSweep = 0;

  constructor(
    private readonly deps: {
      db: Db;
      presence: Presence;
      log: Logger;
      /** The funnel's public-write limit (per visitor, per address): past it an entry is not counted. */
      limit: (who: Tracker) => Promise<void>;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  /** A viewer's connection joined the room: a visit starts (once per connection and room). */
  enter(input: EnterInput): Promise<void> {
    const key = `${input.liveId}:${input.connId}`;
    const present = this.local.get(key);
    if (present) return present.ready;
    const conn: LocalConn = { liveId: input.liveId, connId: input.connId, visitor: visitorKey(input), enteredAt: this.now(), visitId: '', ready: Promise.resolve() };
    this.local.set(key, conn);
    conn.ready = this.startVisit(conn, input).catch((error: unknown) => this.deps.log.warn({ err: error, liveId: input.liveId }, 'audience: entry not recorded'));
    return conn.ready;
  }

  private async startVisit(conn: LocalConn, input: EnterInput) {
    const { db, presence, limit } = this.deps;
    let counted = true;
    try {
      await limit({ userId: input.userId, visitorId: input.visitorCookie, ip: input.ip });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'TOO_MANY_REQUESTS') throw error;
      // Over the limit: watching, but not another entry in the figures.
      counted = false;
    }
    if (counted) {
      const enteredAt = new Date(conn.enteredAt);
      const [visit] = await Promise.all([
        db.liveVisit.create({ data: { liveId: conn.liveId, visitorId: conn.visitor, userId: input.userId ?? null, enteredAt }, select: { id: true } }),
        db.trackingEvent.create({ data: { type: 'ROOM_ENTER', liveId: conn.liveId, userId: input.userId ?? null, visitorId: input.visitorCookie ?? null, createdAt: enteredAt }, select: { id: true } }),
      ]);
      conn.visitId = String(visit.id);
    }
    // Left while the visit was written: leave() closes it.
    if (!this.local.has(`${conn.liveId}:${conn.connId}`)) return;
    const { online } = await presence.touch(conn.liveId, [{ connId: conn.connId, visitor: conn.visitor, visitId: conn.visitId }], this.now());
    this.noteOnline(conn.liveId, online);
  }

  /** A connection left the room: its visit ends now. */
  leave(liveId: number, connId: string): Promise<void> {
    const key = `${liveId}:${connId}`;
    const conn = this.local.get(key);
    if (!conn) return Promise.resolve();
    this.local.delete(key);
    // Shutdown waits for leaves in flight before the database closes.
    const done = this.endVisit(conn).catch((error: unknown) => this.deps.log.warn({ err: error, liveId }, 'audience: leave not recorded'));
    this.leaving.add(done);
    void done.finally(() => this.leaving.delete(done));
    return done;
  }

  private async endVisit(conn: LocalConn) {
    const { liveId, connId } = conn;
    await conn.ready;
    const leftAt = this.now();
    await this.deps.presence.leave(liveId, [connId]);
    await this.closeVisit(conn.visitId, conn.enteredAt, leftAt);
  }

  /** A connection closed: it leaves every room it was in. */
  async disconnected(connId: string): Promise<void> {
    const rooms = [...this.local.values()].filter((c) => c.connId === connId).map((c) => c.liveId);
    await Promise.all(rooms.map((liveId) => this.leave(liveId, connId)));
  }

  private noteOnline(liveId: number, online: number) {
    this.seenOnline.set(liveId, Math.max(this.seenOnline.get(liveId) ?? 0, online));
  }

  private async closeVisit(visitId: string, enteredAtMs: number, leftAtMs: number) {
    if (!visitId) return;
    await this.deps.db.liveVisit.updateMany({
      where: { id: BigInt(visitId), leftAt: null },
      data: { leftAt: new Date(leftAtMs), seconds: Math.max(0, Math.round((leftAtMs - enteredAtMs) / 1000)) },
    });
  }

  /** Visits of connections swept out (their instance died): they end when last seen. */
  private async closeSwept(left: { visitId: string; lastSeenMs: number }[]) {
    const ids = left.filter((l) => l.visitId).map((l) => BigInt(l.visitId));
    if (!ids.length) return;
    const lastSeen = new Map(left.map((l) => [l.visitId, l.lastSeenMs]));
    const rows = await this.deps.db.liveVisit.findMany({ where: { id: { in: ids }, leftAt: null }, select: { id: true, enteredAt: true } });
    for (const row of rows) await this.closeVisit(String(row.id), row.enteredAt.getTime(), Math.max(row.enteredAt.getTime(), lastSeen.get(String(row.id))!));
  }

  /**
   * One round of upkeep: touch this instance's connections and write their watch time so far;
   * sweep out connections of dead instances (closing their visits); sample each room's minute
   * of the curve; now and then close visits nobody has written to for a while.
   */
  tick(now = this.now()): Promise<void> {
    // One round at a time: a slow database must not pile rounds up.
    this.ticking ??= this.round(now).finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async round(now: number) {
    const { db, presence } = this.deps;
    const byRoom = new Map<number, LocalConn[]>();
    for (const c of this.local.values()) {
      if (!byRoom.has(c.liveId)) byRoom.set(c.liveId, []);
      byRoom.get(c.liveId)!.push(c);
    }
    for (const [liveId, conns] of byRoom) {
      // Only connections still here now (a leave meanwhile must not be undone by this touch; its
      // own presence.leave goes out after this one), and not entries still being written (their
      // entry touches them).
      const ready = conns.filter((c) => this.local.get(`${c.liveId}:${c.connId}`) === c && (c.visitId || c.enteredAt < now - 5_000));
      if (!ready.length) continue;
      const { online } = await presence.touch(liveId, ready.map((c) => ({ connId: c.connId, visitor: c.visitor, visitId: c.visitId })), now);
      this.noteOnline(liveId, online);
    }
    const open = [...this.local.values()].filter((c) => c.visitId).map((c) => BigInt(c.visitId));
    for (let i = 0; i < open.length; i += 1000) {
      await db.$executeRaw`
        UPDATE live_visit SET seconds = GREATEST(seconds, floor(extract(epoch FROM (${at(now)} - entered_at)))::int)
        WHERE id IN (${Prisma.join(open.slice(i, i + 1000))}) AND left_at IS NULL`;
    }
    for (const liveId of await presence.rooms()) {
      await this.closeSwept(await presence.sweep(liveId, now - AUDIENCE_TIMING.staleMs));
      const online = await presence.online(liveId);
      await this.sample(liveId, Math.max(online, this.seenOnline.get(liveId) ?? 0), now);
      this.seenOnline.delete(liveId);
      if (online === 0) await presence.forgetIdle(liveId, now - AUDIENCE_TIMING.idleRoomMs);
    }
    if (now - this.lastVisitSweep >= AUDIENCE_TIMING.visitSweepMs) {
      this.lastVisitSweep = now;
      await this.closeStaleVisits(now);
    }
  }

  /** The minute's point of the curve: the most viewers online in it, and its entries. */
  private async sample(liveId: number, online: number, now: number) {
    const minute = Math.floor(now / 60_000) * 60_000;
    const entries = (from: number) => Prisma.sql`(SELECT count(*)::int FROM live_visit WHERE live_id = ${liveId} AND entered_at >= ${at(from)} AND entered_at < ${at(from + 60_000)})`;
    await this.deps.db.$executeRaw`
      INSERT INTO live_audience_minute (live_id, minute, online, entries) VALUES (${liveId}, ${at(minute)}, ${online}, ${entries(minute)})
      ON CONFLICT (live_id, minute) DO UPDATE SET online = GREATEST(live_audience_minute.online, EXCLUDED.online), entries = EXCLUDED.entries`;
    // Entries of the last seconds of the minute before, counted after its last sample.
    await this.deps.db.$executeRaw`
      UPDATE live_audience_minute SET entries = ${entries(minute - 60_000)} WHERE live_id = ${liveId} AND minute = ${at(minute - 60_000)}`;
  }

  /** Open visits whose watch time nobody wrote lately: their instance is gone; they end where they stopped. */
  async closeStaleVisits(now = this.now()) {
    return this.deps.db.$executeRaw`
      UPDATE live_visit SET left_at = entered_at + seconds * interval '1 second'
      WHERE left_at IS NULL AND entered_at + seconds * interval '1 second' < ${at(now - AUDIENCE_TIMING.staleVisitMs)}`;
  }

  /** Online now, entries, unique viewers, peak, watch time, GPM and viewer → buyer conversion. */
  figures(liveId: number): Promise<AudienceFigures> {
    const now = this.now();
    const memo = this.memo.get(liveId);
    if (memo && now - memo.at < AUDIENCE_TIMING.figuresMemoMs) return memo.value;
    const value = this.compute(liveId, now);
    this.memo.set(liveId, { at: now, value });
    value.catch(() => this.memo.delete(liveId));
    return value;
  }

  private async compute(liveId: number, now: number): Promise<AudienceFigures> {
    const { db, presence } = this.deps;
    const capSeconds = AUDIENCE_TIMING.staleVisitMs / 1000;
    const [[visits], [curvePeak], stats, online, livePeak] = await Promise.all([
      db.$queryRaw<{ entries: number; uv: number; watch: number }[]>`
        SELECT count(*)::int AS entries, count(DISTINCT visitor_id)::int AS uv,
          coalesce(sum(CASE WHEN left_at IS NULL
            THEN GREATEST(seconds, LEAST(floor(extract(epoch FROM (${at(now)} - entered_at)))::int, seconds + ${capSeconds}))
            ELSE seconds END), 0)::float8 AS watch
        FROM live_visit WHERE live_id = ${liveId}`,
      db.$queryRaw<{ peak: number | null }[]>`SELECT max(online)::int AS peak FROM live_audience_minute WHERE live_id = ${liveId}`,
      db.liveRoomStats.findUnique({ where: { liveId }, select: { gmv: true, buyers: true } }),
      presence.online(liveId),
      presence.peak(liveId),
    ]);
    const entries = visits?.entries ?? 0;
    const uv = visits?.uv ?? 0;
    const watchSeconds = Math.round(visits?.watch ?? 0);
    const gmv = stats?.gmv ?? 0;
    const buyers = stats?.buyers ?? 0;
    return {
      liveId,
      online,
      peak: Math.max(online, livePeak, curvePeak?.peak ?? 0),
      entries,
      uv,
      watchSeconds,
      avgWatchSeconds: uv > 0 ? Math.round(watchSeconds / uv) : 0,
      gmv,
      buyers,
      gpm: gpmOf(gmv, entries),
      conversion: uv > 0 ? buyers / uv : null,
      at: now,
    };
  }

  /** Online, entries and unique viewers of many rooms at once (the ops overview). */
  async summaries(liveIds: number[]): Promise<Map<number, { online: number; entries: number; uv: number }>> {
    if (!liveIds.length) return new Map();
    const [rows, online] = await Promise.all([
      this.deps.db.$queryRaw<{ live_id: number; entries: number; uv: number }[]>`
        SELECT live_id, count(*)::int AS entries, count(DISTINCT visitor_id)::int AS uv FROM live_visit
        WHERE live_id IN (${Prisma.join(liveIds)}) GROUP BY live_id`,
      Promise.all(liveIds.map((id) => this.deps.presence.online(id))),
    ]);
    const byId = new Map(rows.map((r) => [r.live_id, r]));
    return new Map(liveIds.map((id, i) => [id, { online: online[i]!, entries: byId.get(id)?.entries ?? 0, uv: byId.get(id)?.uv ?? 0 }]));
  }

  /** The curve over the session: a point per minute, and the 讲解 segments to mark on it. */
  async curve(liveId: number) {
    const { db } = this.deps;
    const [room, points, pins] = await Promise.all([
      db.liveSession.findUniqueOrThrow({ where: { id: liveId }, select: { startedAt: true, endedAt: true } }),
      db.liveAudienceMinute.findMany({ where: { liveId }, select: { minute: true, online: true, entries: true }, orderBy: { minute: 'asc' } }),
      db.livePinSegment.findMany({ where: { liveId }, select: { id: true, spuId: true, startedAt: true, endedAt: true }, orderBy: { startedAt: 'asc' } }),
    ]);
    const titles = new Map((await db.spu.findMany({ where: { id: { in: pins.map((p) => p.spuId) } }, select: { id: true, title: true } })).map((s) => [s.id, s.title]));
    return {
      startedAt: room.startedAt?.getTime() ?? null,
      endedAt: room.endedAt?.getTime() ?? null,
      points: points.map((p) => ({ t: p.minute.getTime(), online: p.online, entries: p.entries })),
      pins: pins.map((p) => ({ id: p.id, title: titles.get(p.spuId) ?? '', from: p.startedAt.getTime(), to: p.endedAt?.getTime() ?? null })),
      at: this.now(),
    };
  }

  /** Viewers on this instance (tests, shutdown). */
  get localConnections() {
    return this.local.size;
  }

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.deps.log.warn({ err: error }, 'audience upkeep failed')), AUDIENCE_TIMING.tickMs);
    this.timer.unref();
  }

  /** Stops the upkeep; at shutdown, this instance's viewers leave (they reconnect elsewhere). */
  async stop(options: { leave?: boolean } = {}) {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking?.catch(() => undefined);
    if (options.leave) for (const c of [...this.local.values()]) void this.leave(c.liveId, c.connId);
    await Promise.all([...this.leaving]);
  }
}
