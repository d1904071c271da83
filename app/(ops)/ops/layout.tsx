import type { ReactNode } from 'react';
import { RequireRole } from '@/components/auth/require-role';

export default function OpsLayout({ children }: { children: ReactNode }) {
  return (
    <RequireRole role="OPS" from="/ops">
      {children}
    </RequireRole>
  );
}
