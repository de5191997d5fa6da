/**
 * Tokenization for mixed English/Chinese text. Chinese has no spaces, so each run of Han
 * characters becomes overlapping character bigrams (a lone character stays a unigram): '肺结节'
 * → ['肺结', '结节'], which matches '肺结节检测' but not '肺' alone in unrelated text.
 * Latin text splits on anything that is not a letter or digit; names also keep their joined
 * form ('Kvasir-SEG' → 'kvasir', 'seg', 'kvasirseg') so people can type them either way.
 */

const HAN = /\p{Script=Han}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

export function isHanToken(token: string): boolean {
  return /^\p{Script=Han}/u.test(token);
}

function hanBigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const grams: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) grams.push(chars[i]! + chars[i + 1]!);
  return grams;
}

export function tokenize(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase();
  const tokens: string[] = [];
  for (const [run] of normalized.matchAll(HAN)) tokens.push(...hanBigrams(run));
  for (const [word] of normalized.replace(HAN, ' ').matchAll(WORD)) tokens.push(word);
  return tokens;
}

/** Tokens of a proper name: its words plus the whole name with separators removed. */
export function tokenizeName(name: string): string[] {
  const tokens = tokenize(name);
  const joined = tokens.filter((t) => !isHanToken(t)).join('');
  if (joined && !tokens.includes(joined)) tokens.push(joined);
  return tokens;
}
