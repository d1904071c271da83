'use client';

import { useI18n } from '@/components/providers/i18n-provider';

export function LanguageSwitch({ className = '' }: { className?: string }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <button
      type="button"
      onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}
      className={`rounded-md border border-zinc-300 px-2 py-1 text-xs text-zinc-700 hover:bg-zinc-100 ${className}`}
    >
      {t('lang.switch')}
    </button>
  );
}
