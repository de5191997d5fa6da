import 'server-only';
import { cookies, headers } from 'next/headers';
import { LANG_COOKIE } from './cookie';
import { isLang, type Lang, messages } from './messages';

/** The visitor's language: the remembered choice, else the browser's preference, else English. */
export async function getLang(): Promise<Lang> {
  const chosen = (await cookies()).get(LANG_COOKIE)?.value;
  if (isLang(chosen)) return chosen;
  const accept = (await headers()).get('accept-language') ?? '';
  return /^\s*zh\b/i.test(accept) ? 'zh' : 'en';
}

export async function getMessages() {
  const lang = await getLang();
  return { lang, t: messages[lang] };
}
