import { redirect } from 'next/navigation';
import { MyOrders } from '@/components/viewer/my-orders';
import { getPageUser } from '@/server/modules/auth/page-session';

export default async function OrdersPage() {
  const user = await getPageUser();
  if (!user) redirect('/login?next=%2Forders');
  return <MyOrders />;
}
