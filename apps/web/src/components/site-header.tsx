import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Messages } from '~/i18n/messages';
import { LangToggle } from './lang-toggle';

/** The top bar: brand, main navigation, language and account. Wraps on narrow screens. */
export function SiteHeader({ t, account }: { t: Messages; account?: ReactNode }) {
  const links = [
    { href: '/', label: t.nav.explorer },
    { href: '/stats', label: t.nav.stats },
    { href: '/compare', label: t.nav.compare },
    { href: '/collections', label: t.nav.collections },
    { href: '/teams', label: t.nav.teams },
  ];
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-semibold tracking-tight text-brand-700">
          {t.appName}
        </Link>
        <nav aria-label={t.nav.menu} className="order-3 w-full sm:order-none sm:w-auto">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} className="text-slate-700 hover:text-brand-700 hover:underline">
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-3">
          {account}
          <LangToggle />
        </div>
      </div>
    </header>
  );
}
