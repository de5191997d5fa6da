'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { setLanguage } from '~/i18n/actions';
import { useLang, useT } from '~/i18n/client';

/** Switches between English and Chinese; the choice is remembered in a cookie for a year. */
export function LangToggle() {
  const lang = useLang();
  const t = useT();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const next = lang === 'en' ? 'zh' : 'en';
  return (
    <button
      type="button"
      className="rounded-md border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-100 disabled:opacity-60"
      aria-label={`${t.nav.language}: ${t.nav.switchTo}`}
      lang={next === 'zh' ? 'zh-CN' : 'en'}
      disabled={pending}
      data-testid="lang-toggle"
      onClick={() =>
        startTransition(async () => {
          await setLanguage(next);
          router.refresh();
        })
      }
    >
      {t.nav.switchTo}
    </button>
  );
}
