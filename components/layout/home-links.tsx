'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { LanguageSwitch } from '@/components/ui/language-switch';

export function HomeLinks() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  return (
    <main className="mx-auto flex min-h-dvh max-w-2xl flex-col justify-center gap-8 p-6">
      <div className="flex items-center justify-between">
        <div>
          <h1 className="text-2xl font-bold">{t('app.name')}</h1>
          <p className="mt-1 text-sm text-zinc-600">{t('app.tagline')}</p>
        </div>
        <LanguageSwitch />
      </div>
      <ul className="grid gap-3">
        <li>
          <Link href="/console" className="block rounded-xl border border-zinc-200 bg-white p-4 hover:border-brand">{t('home.host')}</Link>
        </li>
        <li>
          <Link href="/live/1" className="block rounded-xl border border-zinc-200 bg-white p-4 hover:border-brand">{t('home.viewer')}</Link>
        </li>
        <li>
          <Link href="/ops" className="block rounded-xl border border-zinc-200 bg-white p-4 hover:border-brand">{t('home.ops')}</Link>
        </li>
      </ul>
      {me.data ? null : (
        <Link href="/login" className="self-start rounded-md bg-brand px-4 py-2 text-sm text-white">
          {t('nav.signIn')}
        </Link>
      )}
    </main>
  );
}
