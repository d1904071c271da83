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
  /** Orders as the host's desk sees them: created, paid, cancelled, expired. */
  'order:updated': (payload: { liveId: number; orderSn: string; status: 'PENDING_PAYMENT' | 'PAID' | 'CANCELLED' | 'EXPIRED'; buyer: string; amount: number; quantity: number; title: string; at: string }) => void;
  /** Stock figures of room items after orders (regular and flash), ≤ 1/s per room; `seq` only grows. Not a goods change: no refetch. */
  'goods:stock': (payload: { liveId: number; items: ItemStock[]; seq: number }) => void;
  /** New comments and removed ones, batched per room (≤ 1 push per 200 ms); `likes`: the like total, riding along while comments flow. */
  'comments:changed': (payload: { liveId: number; added: CommentView[]; removed: string[]; likes?: number }) => void;
  /** The comment pinned over the stream; null when none is. */
  'comment:pinned': (payload: { liveId: number; pinned: CommentView | null }) => void;
  /** The room's running like count (≤ 1 push per 400 ms per room and instance); it only grows. */
  'likes:changed': (payload: { liveId: number; total: number }) => void;
  /** 想要 counts of items whose keyword comments matched (the desk; ≤ 2 pushes/s per room). */
  'want:changed': (payload: { liveId: number; items: { roomGoodsId: number; wantCount: number }[] }) => void;
}

export interface ItemStock {
  roomGoodsId: number;
  spuId: number;
  available: number;
  totalStock: number;
  stockState: 'in_stock' | 'low' | 'sold_out';
  /** The flash sale's SKUs as the snapshot saw them (stock:changed may have newer figures). */
  flash: { flashSaleId: number; skus: { flashSkuId: number; remaining: number }[] } | null;
}

/**
 * One line of a room's comment stream, as every client sees it. Lean on purpose: a busy room
 * sends every line to every socket, so fields at their usual value are left out.
 */
export interface CommentView {
  /** The row's id (a bigint, as a decimal string); ascending in time. */
  id: string;
  userName: string;
  text: string;
  /** When it was written, ms since the epoch. */
  at: number;
  /** A line the room wrote itself ("X 来了"); absent for a viewer's comment. */
  kind?: 'SYSTEM';
  /** Banned words in it were masked; absent when there were none. */
  masked?: true;
  /** System lines say what happened; the client words them. */
  system?: { type: 'arrivals'; count: number };
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
