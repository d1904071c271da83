import type { ReactNode } from 'react';
import { RequireRole } from '@/components/auth/require-role';

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <RequireRole role="HOST" from="/console">
      {children}
    </RequireRole>
  );
}
