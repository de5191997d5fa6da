// Built once: constructing an Intl formatter costs far more than formatting with it, and every
// result card on a server render formats a size.
const COMPACT = {
  en: new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }),
  zh: new Intl.NumberFormat('zh-CN', { notation: 'compact', maximumFractionDigits: 1 }),
};

/** Compact counts: 1,234 → "1.2k", 2,500,000 → "2.5M"; the catalog's sizes span six orders of magnitude. */
export function compactNumber(n: number, lang: 'en' | 'zh'): string {
  return COMPACT[lang].format(n);
}
