/**
 * Tokenization for mixed English/Chinese text.
 *
 * Chinese has no spaces, so each run of Han characters becomes overlapping character bigrams
 * (a lone character stays a unigram): '肺结节' → '肺结', '结节', which matches '肺结节检测' but not
 * '肺' alone in unrelated text. Each Han gram is stored as a marker plus the hex code points of its
 * characters: MiniSearch's radix tree scans a node's children linearly, and thousands of distinct
 * Han characters at one level made indexing a large catalog a hundred times slower than 16 hex digits.
 *
 * Latin text splits on anything that is not a letter or digit and drops a few stop words that
 * every description contains; names also keep their joined form ('Kvasir-SEG' → 'kvasir', 'seg',
 * 'kvasirseg') so people can type them either way.
 */

const HAN = /\p{Script=Han}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const HAN_MARK = '_';
const STOP_WORDS = new Set(
  'a an and are as at be by for from in into is it its of on or that the their this to was were which with'.split(' '),
);

export function isHanToken(token: string): boolean {
  return token.startsWith(HAN_MARK);
}

function hanKey(chars: string[]): string {
  return HAN_MARK + chars.map((c) => c.codePointAt(0)!.toString(16).padStart(5, '0')).join('');
}

function hanGrams(run: string, into: Set<string>): void {
  const chars = [...run];
  if (chars.length === 1) into.add(hanKey(chars));
  for (let i = 0; i < chars.length - 1; i++) into.add(hanKey([chars[i]!, chars[i + 1]!]));
}

/** The distinct terms of a text; repeats add nothing to short catalog texts but cost index time. */
export function tokenize(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase();
  const tokens = new Set<string>();
  for (const [run] of normalized.matchAll(HAN)) hanGrams(run, tokens);
  for (const [word] of normalized.replace(HAN, ' ').matchAll(WORD)) if (!STOP_WORDS.has(word)) tokens.add(word);
  return [...tokens];
}

/** Tokens of a proper name: its words plus the whole name with separators removed. */
export function tokenizeName(name: string): string[] {
  const tokens = tokenize(name);
  const joined = tokens.filter((t) => !isHanToken(t)).join('');
  if (joined && !tokens.includes(joined)) tokens.push(joined);
  return tokens;
}
