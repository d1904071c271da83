import type { ReactNode } from 'react';
import { RequireRole } from '@/components/auth/require-role';
import { OpsNav } from '@/components/ops/ops-nav';

export default function OpsLayout({ children }: { children: ReactNode }) {
  return (
    <RequireRole role="OPS" from="/ops">
      <OpsNav />
      {children}
    </RequireRole>
  );
}
