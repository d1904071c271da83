'use client';

import { useCallback } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { LOCALE_COOKIE, isLocale, type Locale } from '@/components/i18n/config';
import type { MessageKey, MessageValues } from '@/components/i18n/messages';

interface I18n {
  locale: Locale;
  t: (key: MessageKey, values?: MessageValues) => string;
  /** Whether a computed key (a server reason, an audit action) has words. */
  has: (key: string) => key is MessageKey;
  setLocale: (locale: Locale) => void;
}

/**
 * The app's one way to words in client components: next-intl's translator (ICU plurals,
 * numbers, dates) under the locale the server chose, plus the switch. A signed-in user's
 * choice is also saved on the account (see LanguageSwitch), so it follows them to other devices.
 */
export function useI18n(): I18n {
  const translations = useTranslations();
  const current = useLocale();
  const router = useRouter();
  const locale: Locale = isLocale(current) ? current : 'zh';
  const t = useCallback((key: MessageKey, values?: MessageValues) => translations(key as never, values as never), [translations]);
  const has = useCallback((key: string): key is MessageKey => translations.has(key as never), [translations]);
  const setLocale = useCallback(
    (next: Locale) => {
      document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
      router.refresh();
    },
    [router],
  );
  return { locale, t, has, setLocale };
}
