'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useId, useState } from 'react';
import { useT } from '~/i18n/client';
import { authRequest } from './auth-client';

/** Sign-in and sign-up in one form; on success, back to where the visitor came from (same site only). */
export function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const t = useT();
  const router = useRouter();
  const params = useSearchParams();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const next = params.get('next');
  // Only same-site paths: an attacker's link must not turn sign-in into a redirect to their site.
  const target = next?.startsWith('/') && !next.startsWith('//') ? next : '/';

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    const body: Record<string, string> =
      mode === 'sign-up'
        ? { name: String(form.get('name')), email: String(form.get('email')), password: String(form.get('password')) }
        : { email: String(form.get('email')), password: String(form.get('password')) };
    const result = await authRequest(mode === 'sign-up' ? '/sign-up/email' : '/sign-in/email', body);
    setPending(false);
    if (result.ok) {
      router.replace(target);
      router.refresh();
    } else setError(result.status === 429 ? t.auth.tooMany : `${t.auth.failed} ${result.message}`);
  }

  const field = 'w-full rounded-md border border-slate-300 bg-white px-3 py-2';
  return (
    <div className="mx-auto max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-xl font-semibold">{mode === 'sign-up' ? t.auth.signUpTitle : t.auth.signInTitle}</h1>
      <form action={submit} className="flex flex-col gap-3">
        {mode === 'sign-up' && (
          <div>
            <label htmlFor={`${id}-name`} className="mb-1 block text-sm font-medium">
              {t.auth.name}
            </label>
            <input id={`${id}-name`} name="name" required maxLength={120} autoComplete="name" className={field} />
          </div>
        )}
        <div>
          <label htmlFor={`${id}-email`} className="mb-1 block text-sm font-medium">
            {t.auth.email}
          </label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            required
            maxLength={254}
            autoComplete="email"
            className={field}
          />
        </div>
        <div>
          <label htmlFor={`${id}-password`} className="mb-1 block text-sm font-medium">
            {t.auth.password}
          </label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            required
            minLength={8}
            maxLength={128}
            autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
            aria-describedby={mode === 'sign-up' ? `${id}-hint` : undefined}
            className={field}
          />
          {mode === 'sign-up' && (
            <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
              {t.auth.passwordHint}
            </p>
          )}
        </div>
        {error && (
          <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {mode === 'sign-up' ? t.auth.submitSignUp : t.auth.submitSignIn}
        </button>
      </form>
      <p className="mt-4 text-sm text-slate-600">
        {mode === 'sign-up' ? t.auth.haveAccount : t.auth.noAccount}{' '}
        <Link
          href={`/${mode === 'sign-up' ? 'sign-in' : 'sign-up'}${next ? `?next=${encodeURIComponent(target)}` : ''}`}
          className="text-brand-700 underline"
        >
          {mode === 'sign-up' ? t.nav.signIn : t.nav.signUp}
        </Link>
      </p>
    </div>
  );
}
