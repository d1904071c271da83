import type { ReactNode } from 'react';
import { ViewerHeader } from '@/components/layout/viewer-header';

export default function Layout({ children }: { children: ReactNode }) {
  return (
    <>
      <ViewerHeader />
      {children}
    </>
  );
}
