// What the viewer's player needs of a room, next to its goods (room-view.ts).
import type { Db } from '@/server/db/client';
import { streamKindOf, type StreamKind } from './stream-url';

export interface RoomStream {
  /** The pull URL; '' while the host has not set one. */
  url: string;
  kind: StreamKind | null;
  /** The room's cover image, shown before the start and while nothing plays. */
  poster: string | null;
  scheduledAt: string | null;
  startedAt: string | null;
  /** An ended room's goods, linked from the "ended" screen (its cart is closed). */
  endedGoods: { spuId: number; title: string; image: string | null }[];
}

export async function streamView(
  db: Db,
  room: { id: number; status: 'SCHEDULED' | 'LIVE' | 'ENDED'; streamUrl: string; coverImage: string; scheduledAt: Date | null; startedAt: Date | null },
): Promise<RoomStream> {
  const endedGoods =
    room.status === 'ENDED'
      ? (
          await db.liveRoomGoods.findMany({
            where: { liveId: room.id, spu: { status: 'ACTIVE' } },
            select: { spu: { select: { id: true, title: true, images: true } } },
            orderBy: [{ sort: 'asc' }, { id: 'asc' }],
            take: 50,
          })
        ).map(({ spu }) => ({ spuId: spu.id, title: spu.title, image: spu.images[0] ?? null }))
      : [];
  return {
    url: room.streamUrl,
    kind: room.streamUrl ? streamKindOf(room.streamUrl) : null,
    poster: room.coverImage || null,
    scheduledAt: room.scheduledAt?.toISOString() ?? null,
    startedAt: room.startedAt?.toISOString() ?? null,
    endedGoods,
  };
}
