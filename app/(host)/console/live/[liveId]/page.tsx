import { notFound } from 'next/navigation';
import { ControlDesk } from '@/components/console/control-desk';

export default async function DeskPage({ params }: { params: Promise<{ liveId: string }> }) {
  const liveId = Number((await params).liveId);
  if (!Number.isInteger(liveId) || liveId <= 0) notFound();
  return <ControlDesk liveId={liveId} />;
}
