'use server';

import { cookies } from 'next/headers';
import { LANG_COOKIE } from './cookie';
import { isLang } from './messages';

/** Remembers the chosen language for a year (a server action: Next checks the request's origin). */
export async function setLanguage(lang: string): Promise<void> {
  if (!isLang(lang)) throw new Error(`Unknown language "${String(lang).slice(0, 10)}"`);
  (await cookies()).set(LANG_COOKIE, lang, { path: '/', maxAge: 31_536_000, sameSite: 'lax', httpOnly: true });
}
