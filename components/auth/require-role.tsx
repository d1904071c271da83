// Server-side guard for a role's pages: no session → sign-in; wrong role → "not allowed".
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/layout/app-shell';
import type { Role } from '@/server/db/generated/enums';
import { getPageUser } from '@/server/modules/auth/page-session';
import { Forbidden } from './forbidden';

export async function RequireRole({ role, from, children }: { role: Role; from: string; children: ReactNode }) {
  const user = await getPageUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(from)}`);
  if (user.role !== role) return <Forbidden />;
  // The page gets who the user is, not which session (its id stays on the server).
  return <AppShell user={{ id: user.id, role: user.role, name: user.name, shopId: user.shopId, shopRole: user.shopRole ?? null }}>{children}</AppShell>;
}
