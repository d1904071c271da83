'use client';

import Link from 'next/link';
import { useI18n } from '@/components/providers/i18n-provider';
import { LanguageSwitch } from '@/components/ui/language-switch';

/** The app's mark: a glyph, not words, so it stays as it is in every language. */
export function BrandMark({ className = '' }: { className?: string }) {
  return (
    <span aria-hidden translate="no" className={`grid shrink-0 place-items-center rounded-md bg-brand text-white ${className}`}>
      播
    </span>
  );
}

/** The phone pages' header (checkout, my orders, goods detail): home, my orders, the language switch. */
export function ViewerHeader({ current }: { current?: 'orders' }) {
  const { t } = useI18n();
  return (
    <header data-testid="viewer-header" className="sticky top-0 z-20 flex h-12 items-center gap-3 border-b border-zinc-100 bg-white/95 px-4 backdrop-blur">
      <Link href="/" className="flex min-w-0 items-center gap-2 text-sm font-semibold">
        <BrandMark className="size-6 text-xs" />
        <span className="truncate">{t('app.name')}</span>
      </Link>
      <nav className="ml-auto flex shrink-0 items-center gap-3 text-xs">
        {current === 'orders' ? null : (
          <Link href="/orders" className="whitespace-nowrap text-zinc-600 hover:text-brand">
            {t('orders.mine')}
          </Link>
        )}
        <LanguageSwitch />
      </nav>
    </header>
  );
}
