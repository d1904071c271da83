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
