'use client';

import { htmlLang } from '@/components/i18n/config';
import { useI18n } from '@/components/providers/i18n-provider';

const tones = {
  light: 'border-zinc-300 text-zinc-700 hover:bg-zinc-100',
  dark: 'border-white/40 text-white hover:bg-white/10',
};

/**
 * Names the other language in its own words (中文 on an English page, English on a Chinese one),
 * marked with that language's tag so a screen reader pronounces it right.
 */
export function LanguageSwitch({ tone = 'light' }: { tone?: keyof typeof tones }) {
  const { t, locale, setLocale } = useI18n();
  const other = locale === 'zh' ? 'en' : 'zh';
  return (
    <button
      type="button"
      data-testid="language-switch"
      onClick={() => setLocale(other)}
      className={`shrink-0 rounded-md border px-2 py-1 text-xs whitespace-nowrap ${tones[tone]}`}
    >
      <span lang={htmlLang(other)}>{t('lang.switch')}</span>
    </button>
  );
}
