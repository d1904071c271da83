'use client';

import Link from 'next/link';
import { useI18n } from '@/components/providers/i18n-provider';

export function Forbidden() {
  const { t } = useI18n();
  return (
    <main className="grid min-h-dvh place-items-center p-6">
      <div className="max-w-sm rounded-xl border border-zinc-200 bg-white p-8 text-center shadow-sm">
        <h1 className="text-lg font-semibold">{t('forbidden.title')}</h1>
        <p className="mt-2 text-sm text-zinc-600">{t('forbidden.body')}</p>
        <Link href="/login" className="mt-6 inline-block rounded-md bg-brand px-4 py-2 text-sm text-white">
          {t('forbidden.switch')}
        </Link>
      </div>
    </main>
  );
}
