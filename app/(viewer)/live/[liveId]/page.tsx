import { notFound } from 'next/navigation';
import { LiveRoom } from '@/components/viewer/live-room';

export default async function LiveRoomPage({ params }: { params: Promise<{ liveId: string }> }) {
  const liveId = Number((await params).liveId);
  if (!Number.isInteger(liveId) || liveId <= 0) notFound();
  return <LiveRoom liveId={liveId} />;
}
