'use client';

import Link from 'next/link';
import { useI18n } from '@/components/providers/i18n-provider';

export function NotFoundView() {
  const { t } = useI18n();
  return (
    <main className="grid min-h-dvh place-items-center p-6 text-center">
      <div>
        <p className="text-5xl font-bold text-zinc-300">404</p>
        <h1 className="mt-2 text-lg font-semibold">{t('notFound.title')}</h1>
        <Link href="/" className="mt-6 inline-block rounded-md bg-brand px-4 py-2 text-sm text-white">{t('notFound.home')}</Link>
      </div>
    </main>
  );
}
