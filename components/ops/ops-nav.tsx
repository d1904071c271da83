'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useI18n } from '@/components/providers/i18n-provider';

export function OpsNav() {
  const { t } = useI18n();
  const path = usePathname();
  const tabs = [
    { href: '/ops', label: t('ops.nav.board') },
    { href: '/ops/orders', label: t('trail.nav') },
    { href: '/ops/audit', label: t('ops.nav.audit') },
    { href: '/account', label: t('console.nav.sessions') },
  ];
  return (
    <nav className="mb-6 flex gap-1 border-b border-zinc-200 text-sm" data-testid="ops-nav">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          className={`-mb-px border-b-2 px-3 py-2 ${path === tab.href ? 'border-brand text-brand' : 'border-transparent text-zinc-600 hover:text-zinc-900'}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
