import { notFound } from 'next/navigation';
import { RoomBoard } from '@/components/board/room-board';

export default async function OpsRoomPage({ params }: { params: Promise<{ liveId: string }> }) {
  const liveId = Number((await params).liveId);
  if (!Number.isInteger(liveId) || liveId <= 0) notFound();
  return <RoomBoard liveId={liveId} />;
}
