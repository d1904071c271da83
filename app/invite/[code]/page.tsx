import { InvitationView } from '@/components/auth/invitation-view';
import { getPageUser } from '@/server/modules/auth/page-session';

export default async function InvitationPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const user = await getPageUser();
  return <InvitationView code={decodeURIComponent(code).slice(0, 40)} user={user ? { name: user.name, role: user.role } : null} />;
}
