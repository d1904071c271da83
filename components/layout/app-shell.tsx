'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useI18n } from '@/components/providers/i18n-provider';
import { LanguageSwitch } from '@/components/ui/language-switch';
import type { SessionUser } from '@/server/modules/auth/session';
import { SignOutButton } from './sign-out-button';

/** Desktop shell of the console and the ops board. */
export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="min-h-dvh">
      <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-6">
          <Link href="/" className="flex items-center gap-2 font-semibold">
            <span className="grid size-7 place-items-center rounded-md bg-brand text-sm text-white">播</span>
            {t('app.name')}
          </Link>
          <nav className="flex gap-4 text-sm">
            {user.role === 'HOST' ? <Link href="/console" className="text-zinc-700 hover:text-brand">{t('nav.console')}</Link> : null}
            {user.role === 'OPS' ? <Link href="/ops" className="text-zinc-700 hover:text-brand">{t('nav.ops')}</Link> : null}
          </nav>
          <div className="ml-auto flex items-center gap-4 text-sm">
            <span data-testid="current-user" className="text-zinc-600">
              {user.name} · {t(`role.${user.role}`)}
            </span>
            <LanguageSwitch />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
    </div>
  );
}
