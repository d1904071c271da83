// next-intl's per-request config for server components (wired by the plugin in next.config.js):
// the locale is the `lang` cookie, set by the language switch and at sign-in from the account.
import { getRequestConfig } from 'next-intl/server';
import { cookies } from 'next/headers';
import { LOCALE_COOKIE, defaultLocale, isLocale } from './config';
import { messages } from './messages';

export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : defaultLocale;
  return { locale, messages: messages[locale], timeZone: 'Asia/Shanghai' };
});
