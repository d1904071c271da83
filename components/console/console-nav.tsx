'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useI18n } from '@/components/providers/i18n-provider';
import type { ShopRole } from '@/server/db/generated/enums';

/** The console's own tabs, by the member's part; moderators are told what they may do. */
export function ConsoleNav({ shopRole }: { shopRole: ShopRole | null }) {
  const { t } = useI18n();
  const path = usePathname();
  const tabs = [
    { href: '/console', label: t('console.nav.home'), show: true },
    { href: '/console/members', label: t('console.nav.members'), show: shopRole === 'OWNER' },
    { href: '/console/audit', label: t('console.nav.audit'), show: shopRole === 'OWNER' },
    { href: '/account', label: t('console.nav.sessions'), show: true },
  ];
  return (
    <div className="mb-6">
      <nav className="flex flex-wrap items-center gap-1 border-b border-zinc-200 text-sm" data-testid="console-nav">
        {tabs
          .filter((tab) => tab.show)
          .map((tab) => (
            <Link
              key={tab.href}
              href={tab.href}
              className={`-mb-px border-b-2 px-3 py-2 ${path === tab.href ? 'border-brand text-brand' : 'border-transparent text-zinc-600 hover:text-zinc-900'}`}
            >
              {tab.label}
            </Link>
          ))}
        {shopRole ? (
          <span className="ml-auto rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-600" data-testid="shop-part">
            {t('console.yourPart', { part: t(`part.${shopRole}`) })}
          </span>
        ) : null}
      </nav>
      {shopRole === 'MODERATOR' ? (
        <p className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="moderator-note">
          {t('console.moderatorNote')}
        </p>
      ) : null}
    </div>
  );
}
