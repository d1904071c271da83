import { redirect } from 'next/navigation';
import { SessionsList } from '@/components/auth/sessions-list';
import { AppShell } from '@/components/layout/app-shell';
import { getPageUser } from '@/server/modules/auth/page-session';

/** Every account's signed-in devices, with sign out of all devices. */
export default async function AccountPage() {
  const user = await getPageUser();
  if (!user) redirect('/login?next=%2Faccount');
  return (
    <AppShell user={{ id: user.id, role: user.role, name: user.name, shopId: user.shopId, shopRole: user.shopRole ?? null }}>
      <SessionsList />
    </AppShell>
  );
}
