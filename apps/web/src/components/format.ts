/** Compact counts: 1,234 → "1.2k", 2,500,000 → "2.5M"; the catalog's sizes span six orders of magnitude. */
export function compactNumber(n: number, lang: 'en' | 'zh'): string {
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', {
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(n);
}
