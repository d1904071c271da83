import type { ReactNode } from 'react';

/** Viewer pages are H5: a phone-width column, centred on larger screens. */
export default function ViewerLayout({ children }: { children: ReactNode }) {
  return <div className="mx-auto min-h-dvh w-full max-w-md bg-white shadow-sm">{children}</div>;
}
