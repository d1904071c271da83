import { OrderTrailView } from '@/components/ops/order-trail';

/** An order's trail (click → detail → order → paid), by order_sn: /ops/orders?order_sn=… */
export default async function OpsOrderTrailPage({ searchParams }: { searchParams: Promise<{ order_sn?: string }> }) {
  const { order_sn: orderSn } = await searchParams;
  return <OrderTrailView orderSn={orderSn?.trim() || null} />;
}
