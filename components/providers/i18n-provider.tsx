'use client';

import { useCallback } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { LOCALE_COOKIE, isLocale, type Locale } from '@/components/i18n/config';
import type { MessageKey, MessageValues } from '@/components/i18n/messages';
import { useTRPCClient } from '@/components/providers/trpc-provider';

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
 * choice is also saved on the account, and sign-in restores it on any device.
 */
export function useI18n(): I18n {
  const translations = useTranslations();
  const current = useLocale();
  const router = useRouter();
  const client = useTRPCClient();
  const locale: Locale = isLocale(current) ? current : 'zh';
  const t = useCallback((key: MessageKey, values?: MessageValues) => translations(key as never, values as never), [translations]);
  const has = useCallback((key: string): key is MessageKey => translations.has(key as never), [translations]);
  const setLocale = useCallback(
    (next: Locale) => {
      // The page turns at once; the account learns the choice on the side (kept for the next sign-in).
      document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
      router.refresh();
      client.auth.setLocale.mutate({ locale: next }).catch(() => undefined);
    },
    [router, client],
  );
  return { locale, t, has, setLocale };
}
