// The languages and where the choice is kept; safe to import from client, server and tests.
// Simplified Chinese is the default (our users are Chinese live sellers); English on switch.
export const locales = ['zh', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh';
/** The browser's choice (kept a year); a signed-in user's own choice is also kept on the account. */
export const LOCALE_COOKIE = 'lang';

export function isLocale(value: unknown): value is Locale {
  return value === 'zh' || value === 'en';
}

/** The BCP 47 tag for <html lang> and Intl formatters. */
export function htmlLang(locale: Locale): string {
  return locale === 'zh' ? 'zh-CN' : 'en';
}
