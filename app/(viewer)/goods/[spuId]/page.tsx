import { notFound } from 'next/navigation';
import { GoodsDetail } from '@/components/viewer/goods-detail';
import { getPageUser } from '@/server/modules/auth/page-session';

type Query = { source_type?: string; live_id?: string; tracking_code?: string };

/** The seed's deep link: /goods/<spu_id>?source_type=live&live_id=…&tracking_code=… */
export default async function GoodsDetailPage({ params, searchParams }: { params: Promise<{ spuId: string }>; searchParams: Promise<Query> }) {
  const spuId = Number((await params).spuId);
  if (!Number.isInteger(spuId) || spuId <= 0) notFound();
  const query = await searchParams;
  const liveId = Number(query.live_id);
  const trackingCode = query.tracking_code && /^[A-Za-z0-9_-]{1,64}$/.test(query.tracking_code) ? query.tracking_code : undefined;
  const sourceType = query.source_type === 'live' || query.source_type === 'share' || query.source_type === 'search' ? query.source_type : undefined;
  const user = await getPageUser();
  return (
    <GoodsDetail
      spuId={spuId}
      liveId={Number.isInteger(liveId) && liveId > 0 ? liveId : undefined}
      trackingCode={trackingCode}
      sourceType={sourceType}
      isViewer={user?.role === 'VIEWER'}
    />
  );
}
