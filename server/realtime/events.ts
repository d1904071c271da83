// Socket event maps, shared by the server and the React clients (import type only).

export interface PinnedGoods {
  roomGoodsId: number;
  spuId: number;
  title: string;
  image: string | null;
  minPrice: number; // fen
}

export interface ServerToClientEvents {
  /** The pinned (讲解) item changed; null when nothing is pinned. */
  'pin:changed': (payload: { liveId: number; pinned: PinnedGoods | null; at: string }) => void;
  /** The room's goods list changed (added, removed, reordered, shelf); clients refetch. */
  'goods:changed': (payload: { liveId: number; version: number }) => void;
  'room:status': (payload: { liveId: number; status: 'SCHEDULED' | 'LIVE' | 'ENDED' }) => void;
  /** A flash sale started, ended or changed; clients refetch the room and detail. */
  'flash:changed': (payload: { liveId: number; flashSaleId: number; status: 'SCHEDULED' | 'ACTIVE' | 'ENDED' | 'CANCELLED'; startsAt: string; endsAt: string }) => void;
  /** Remaining flash stock of one SKU (coalesced, ≤ 10/s per SKU); `seq` only grows. */
  'stock:changed': (payload: { liveId: number; flashSaleId: number; flashSkuId: number; skuId: number; remaining: number; seq: number }) => void;
  /** "Someone just bought": the buyer masked, for viewers. */
  'order:ticker': (payload: { liveId: number; buyer: string; title: string; quantity: number; at: string }) => void;
  /** Board numbers of a room changed (throttled, ≤ 2/s per room): refetch them. */
  'stats:updated': (payload: { liveId: number; at: string }) => void;
  /** Orders the stats processor took in, merged per step (the seed's batch message). */
  'orders:synced': (payload: { live_id: number; orders: { sn: string; time: number }[] }) => void;
  /** Orders as the host's desk sees them: created, paid, cancelled, expired. */
  'order:updated': (payload: { liveId: number; orderSn: string; status: 'PENDING_PAYMENT' | 'PAID' | 'CANCELLED' | 'EXPIRED'; buyer: string; amount: number; quantity: number; title: string; at: string }) => void;
}

export type JoinTarget = { liveId: number; as: 'viewer' | 'host' } | { as: 'ops' };

export interface ClientToServerEvents {
  'room:join': (target: JoinTarget, ack: (reply: { ok: true } | { ok: false; error: string }) => void) => void;
  'room:leave': (target: JoinTarget) => void;
}

export const rooms = {
  /** Everyone watching a room, signed in or not. */
  viewers: (liveId: number) => `live:${liveId}`,
  /** The shop's operators with the desk open, and ops. */
  hosts: (liveId: number) => `live:${liveId}:hosts`,
  ops: () => 'ops',
};
