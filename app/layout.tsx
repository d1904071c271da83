import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { htmlLang, isLocale } from '@/components/i18n/config';
import { QueryProviders } from '@/components/providers/trpc-provider';
import { SocketProvider } from '@/components/providers/socket-provider';
// Chinese glyphs ship with the app (no font CDN); only the subsets a page uses are loaded.
import '@fontsource-variable/noto-sans-sc';
import './globals.css';

// The tab's title and the description in the reader's language (Livecart 直播小黄车 / Livecart).
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('app.title'), description: t('app.description'), icons: { icon: '/favicon.svg' } };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={htmlLang(isLocale(locale) ? locale : 'zh')}>
      <body>
        {/* Inherits the locale, messages and time zone of components/i18n/request.ts. */}
        <NextIntlClientProvider>
          <QueryProviders>
            <SocketProvider>{children}</SocketProvider>
          </QueryProviders>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
