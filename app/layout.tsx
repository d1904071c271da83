import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { LOCALE_COOKIE, isLocale } from '@/components/i18n/messages';
import { I18nProvider } from '@/components/providers/i18n-provider';
import { QueryProviders } from '@/components/providers/trpc-provider';
import { SocketProvider } from '@/components/providers/socket-provider';
// Chinese glyphs ship with the app (no font CDN); only the subsets a page uses are loaded.
import '@fontsource-variable/noto-sans-sc';
import './globals.css';

export const metadata: Metadata = {
  title: 'Livecart 直播小黄车',
  description: '直播带货中控台、小黄车与实时销售看板',
  icons: { icon: '/favicon.svg' },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const lang = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(lang) ? lang : 'zh';
  return (
    <html lang={locale === 'zh' ? 'zh-CN' : 'en'}>
      <body>
        <I18nProvider locale={locale}>
          <QueryProviders>
            <SocketProvider>{children}</SocketProvider>
          </QueryProviders>
        </I18nProvider>
      </body>
    </html>
  );
}
