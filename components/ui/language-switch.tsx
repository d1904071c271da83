'use client';

import { useI18n } from '@/components/providers/i18n-provider';

const tones = {
  light: 'border-zinc-300 text-zinc-700 hover:bg-zinc-100',
  dark: 'border-white/40 text-white hover:bg-white/10',
};

export function LanguageSwitch({ tone = 'light' }: { tone?: keyof typeof tones }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <button
      type="button"
      onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}
      className={`rounded-md border px-2 py-1 text-xs ${tones[tone]}`}
    >
      {t('lang.switch')}
    </button>
  );
}
