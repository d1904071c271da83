'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useI18n } from '@/components/providers/i18n-provider';
import { LanguageSwitch } from '@/components/ui/language-switch';
import type { SessionUser } from '@/server/modules/auth/session';
import { SignOutButton } from './sign-out-button';
import { BrandMark } from './viewer-header';

/** Desktop shell of the console and the ops board. */
export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="min-h-dvh">
      <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur">
        {/* On a phone the brand keeps its mark only and the user's name shortens: one line still. */}
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 sm:gap-6 sm:px-6">
          <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold">
            <BrandMark className="size-7 text-sm" />
            <span className="hidden sm:inline">{t('app.name')}</span>
          </Link>
          <nav className="flex min-w-0 gap-4 text-sm whitespace-nowrap">
            {user.role === 'HOST' ? <Link href="/console" className="text-zinc-700 hover:text-brand">{t('nav.console')}</Link> : null}
            {user.role === 'OPS' ? <Link href="/ops" className="text-zinc-700 hover:text-brand">{t('nav.ops')}</Link> : null}
          </nav>
          <div className="ml-auto flex min-w-0 items-center gap-3 text-sm sm:gap-4">
            <span data-testid="current-user" className="flex min-w-0 text-zinc-600">
              <span translate="no" title={user.name} className="truncate">{user.name}</span>
              <span className="hidden shrink-0 whitespace-nowrap md:inline">&nbsp;· {t(`role.${user.role}`)}</span>
            </span>
            <LanguageSwitch />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{children}</main>
    </div>
  );
}
