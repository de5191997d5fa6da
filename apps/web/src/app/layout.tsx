import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AccountMenu } from '~/components/account/account-menu';
import { SiteHeader } from '~/components/site-header';
import { LangProvider } from '~/i18n/client';
import { getMessages } from '~/i18n/server';
import { currentUser } from '~/server/session';
import { TRPCReactProvider } from '~/trpc/react';
import '~/styles/globals.css';

export const metadata: Metadata = {
  title: { default: 'medsets', template: '%s · medsets' },
  description: 'Open medical-imaging datasets: search, compare, collect and annotate in teams.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { lang, t } = await getMessages();
  const user = await currentUser();
  return (
    <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          {t.nav.skipToContent}
        </a>
        <LangProvider lang={lang} t={t}>
          <TRPCReactProvider>
            <SiteHeader t={t} account={<AccountMenu user={user && { name: user.name, email: user.email }} />} />
            <main id="main" className="mx-auto max-w-7xl px-4 py-6">
              {children}
            </main>
          </TRPCReactProvider>
        </LangProvider>
      </body>
    </html>
  );
}
