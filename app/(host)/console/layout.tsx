import type { ReactNode } from 'react';
import { RequireRole } from '@/components/auth/require-role';
import { ConsoleNav } from '@/components/console/console-nav';
import { getPageUser } from '@/server/modules/auth/page-session';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getPageUser();
  return (
    <RequireRole role="HOST" from="/console">
      <ConsoleNav shopRole={user?.shopRole ?? null} />
      {children}
    </RequireRole>
  );
}
