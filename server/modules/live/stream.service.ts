// The room's stream: the host sets the pull URL (the app never proxies video); viewers get it
// with the room (room-view.ts), so a change reaches open pages like any change to the room.
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import { audit, type AuditActor } from '@/server/modules/audit/audit';
import { roomGoodsChanged } from './room-view';
import type { SetStreamInput } from './stream.schema';

const streamSelect = { id: true, shopId: true, title: true, status: true, streamUrl: true, coverImage: true, scheduledAt: true, startedAt: true, endedAt: true } as const;

async function requireStreamRoom(db: Db, shopId: number | null, liveId: number) {
  const room = await db.liveSession.findUnique({ where: { id: liveId }, select: streamSelect });
  // A room of another shop looks the same as a missing one.
  if (!room || (shopId !== null && room.shopId !== shopId)) throw new AppError('NOT_FOUND', `Live room ${liveId} does not exist in your shop`);
  return room;
}

const view = ({ shopId: _shopId, ...room }: Awaited<ReturnType<typeof requireStreamRoom>>) => room;

/** The desk's stream panel: the pull URL and what the viewers' "not started" screen shows. */
export async function getStream(db: Db, shopId: number | null, liveId: number) {
  return view(await requireStreamRoom(db, shopId, liveId));
}

export async function setStream(container: Container, shopId: number, input: SetStreamInput, actor?: AuditActor) {
  const { db } = container;
  const room = await requireStreamRoom(db, shopId, input.liveId);
  if (room.status === 'ENDED') throw new AppError('PRECONDITION_FAILED', `Live room ${input.liveId} has ended`, 'ROOM_ENDED');
  if (room.streamUrl === input.streamUrl) return view(room);
  const updated = await db.liveSession.update({ where: { id: input.liveId }, data: { streamUrl: input.streamUrl }, select: streamSelect });
  // Viewers' pages refetch the room and switch to the new stream.
  await roomGoodsChanged(container, input.liveId);
  await audit(container, actor, 'room.stream', { type: 'room', id: room.id, name: room.title }, { streamUrl: room.streamUrl }, { streamUrl: input.streamUrl });
  return view(updated);
}
