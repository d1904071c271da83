import { notFound } from 'next/navigation';
import { EditGoods } from '@/components/console/goods-form';

export default async function EditGoodsPage({ params }: { params: Promise<{ spuId: string }> }) {
  const spuId = Number((await params).spuId);
  if (!Number.isInteger(spuId) || spuId <= 0) notFound();
  return <EditGoods spuId={spuId} />;
}
