/**
 * Tokenization for mixed English/Chinese text.
 *
 * Chinese has no spaces, so each run of Han characters becomes overlapping character bigrams
 * (a lone character stays a unigram): '肺结节' → '肺结', '结节', which matches '肺结节检测' but not
 * '肺' alone in unrelated text.
 *
 * Latin text splits on anything that is not a letter or digit and drops a few stop words that
 * every description contains; names also keep their joined form ('Kvasir-SEG' → 'kvasir', 'seg',
 * 'kvasirseg') so people can type them either way. Tokens keep the order of their first
 * appearance, because the search engine ranks a term found early in a field above one found late.
 */

const SEPARATOR = 0;
const WORD = 1;
const HAN = 2;
type CharKind = typeof SEPARATOR | typeof WORD | typeof HAN;

const HAN_CHAR = /^\p{Script=Han}/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;
const STOP_WORDS = new Set(
  'a an and are as at be by for from in into is it its of on or that the their this to was were which with'.split(' '),
);

function classify(char: string): CharKind {
  return HAN_CHAR.test(char) ? HAN : LETTER_OR_DIGIT.test(char) ? WORD : SEPARATOR;
}

/**
 * The kind of every Basic Multilingual Plane character, classified once: a table lookup per
 * character keeps tokenizing a 100,000-entry catalog to a second or two, where running the
 * Unicode-property regular expressions over every description took several.
 */
const BMP_KINDS = Uint8Array.from({ length: 0x10000 }, (_, cp) =>
  cp >= 0xd800 && cp < 0xe000 ? SEPARATOR : classify(String.fromCharCode(cp)),
);

function kindOf(cp: number): CharKind {
  return cp < 0x10000 ? (BMP_KINDS[cp] as CharKind) : classify(String.fromCodePoint(cp));
}

/** Whether a token is a Chinese gram: those match exactly, never by prefix or typo. */
export function isHanToken(token: string): boolean {
  return kindOf(token.codePointAt(0) ?? 0) === HAN;
}

/**
 * Calls `emit` with each term of a text in order, repeats included. Index builds take terms this
 * way, one at a time, so 12 million postings need no intermediate set or array per field.
 */
export function scanTerms(text: string, emit: (term: string) => void): void {
  const s = text.normalize('NFKC').toLowerCase();
  let wordStart = -1;
  /** The current Han run: where it and its latest character start, and how many characters it has. */
  let runStart = 0;
  let charStart = 0;
  let runLength = 0;
  for (let i = 0; i <= s.length; ) {
    const cp = i < s.length ? s.codePointAt(i)! : 0x20;
    const next = i + (cp > 0xffff ? 2 : 1);
    const kind = kindOf(cp);
    if (kind !== WORD && wordStart >= 0) {
      const word = s.slice(wordStart, i);
      if (!STOP_WORDS.has(word)) emit(word);
      wordStart = -1;
    }
    if (kind !== HAN && runLength) {
      if (runLength === 1) emit(s.slice(runStart, i));
      runLength = 0;
    }
    if (kind === WORD && wordStart < 0) wordStart = i;
    if (kind === HAN) {
      if (runLength++) emit(s.slice(charStart, next));
      else runStart = i;
      charStart = i;
    }
    i = next;
  }
}

/** The distinct terms of a text in order of first appearance; repeats add nothing to short catalog texts. */
export function tokenize(text: string): string[] {
  const tokens = new Set<string>();
  scanTerms(text, (term) => tokens.add(term));
  return [...tokens];
}

/** Tokens of a proper name: its words plus the whole name with separators removed. */
export function tokenizeName(name: string): string[] {
  const tokens = tokenize(name);
  const joined = tokens.filter((t) => !isHanToken(t)).join('');
  if (joined && !tokens.includes(joined)) tokens.push(joined);
  return tokens;
}
