'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useT } from '~/i18n/client';
import { authRequest } from './auth-client';

/** The header's account area: sign-in/up links, or the user's name with sign-out (here or everywhere). */
export function AccountMenu({ user }: { user: { name: string; email: string } | null }) {
  const t = useT();
  const router = useRouter();
  if (!user)
    return (
      <div className="flex items-center gap-3 text-sm">
        <Link href="/sign-in" className="text-slate-700 hover:underline">
          {t.nav.signIn}
        </Link>
        <Link href="/sign-up" className="rounded-md bg-brand-600 px-2.5 py-1 text-white hover:bg-brand-700">
          {t.nav.signUp}
        </Link>
      </div>
    );
  const signOut = async (everywhere: boolean) => {
    if (everywhere) await authRequest('/revoke-sessions');
    await authRequest('/sign-out');
    router.push('/');
    router.refresh();
  };
  return (
    <details className="relative text-sm" data-testid="account-menu">
      <summary className="cursor-pointer list-none rounded-md px-2 py-1 hover:bg-slate-100">
        <span className="sr-only">{t.auth.signedInAs} </span>
        {user.name}
      </summary>
      <div className="absolute right-0 z-20 mt-1 flex w-52 flex-col rounded-md border border-slate-200 bg-white p-1 shadow-lg">
        <p className="truncate px-2 py-1 text-xs text-slate-500">{user.email}</p>
        <button
          type="button"
          className="rounded px-2 py-1.5 text-left hover:bg-slate-100"
          onClick={() => signOut(false)}
        >
          {t.nav.signOut}
        </button>
        <button
          type="button"
          className="rounded px-2 py-1.5 text-left hover:bg-slate-100"
          onClick={() => signOut(true)}
        >
          {t.nav.signOutEverywhere}
        </button>
      </div>
    </details>
  );
}
