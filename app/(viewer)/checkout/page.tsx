import { redirect } from 'next/navigation';
import { Checkout } from '@/components/viewer/checkout';
import { getPageUser } from '@/server/modules/auth/page-session';

type Query = { sku_id?: string; quantity?: string; live_id?: string; source_type?: string; tracking_code?: string };

/** The order confirm page (提单页); the deep link's parameters travel on to the order. */
export default async function CheckoutPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const skuId = Number(query.sku_id);
  const liveId = Number(query.live_id);
  const user = await getPageUser();
  if (!user) {
    const back = `/checkout?${new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()}`;
    redirect(`/login?next=${encodeURIComponent(back)}`);
  }
  const valid = Number.isInteger(skuId) && skuId > 0 && Number.isInteger(liveId) && liveId > 0;
  const trackingCode = query.tracking_code && /^[A-Za-z0-9_-]{1,64}$/.test(query.tracking_code) ? query.tracking_code : undefined;
  const sourceType = query.source_type === 'live' || query.source_type === 'share' || query.source_type === 'search' ? query.source_type : undefined;
  const quantity = Math.max(1, Math.min(99, Number(query.quantity) || 1));
  return <Checkout valid={valid} skuId={skuId} liveId={liveId} initialQuantity={quantity} sourceType={sourceType} trackingCode={trackingCode} isViewer={user.role === 'VIEWER'} />;
}
