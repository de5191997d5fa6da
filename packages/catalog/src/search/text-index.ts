import type { Index } from 'flexsearch';
import SearchableMap from 'minisearch/SearchableMap';
import { isHanToken, scanTerms, tokenize, tokenizeName } from '../tokenize.ts';
import { FieldPostings } from './postings.ts';

/** The searchable text of one entry. */
export interface TextFields {
  /** Id, name, full name, aliases, challenge name: each tokenized as a proper name. */
  names: readonly string[];
  /** Modality, task and anatomy labels in both languages, diseases, classes. */
  topics: string;
  /** English and Chinese descriptions. */
  description: string;
}

/** Entries that match a query, with their relevance. */
export interface TextMatches {
  /** Matching entry positions, in no particular order. */
  readonly entries: Uint32Array;
  /** Relevance by entry position; meaningful only for positions in `entries`. */
  readonly scores: Float64Array;
}

type FieldName = keyof TextFields;

/** A name match outweighs a topic match, which outweighs a mention in a description. */
const BOOSTS: Record<FieldName, number> = { names: 4, topics: 2, description: 1 };
const FIELD_NAMES = Object.keys(BOOSTS) as FieldName[];

/** FlexSearch ranks by where a term sits in a field, in this many slots (slot 0: first term). */
const RESOLUTION = 9;
/** A term in the last slot still weighs half as much as one in the first. */
const SLOT_WEIGHT = Array.from({ length: RESOLUTION }, (_, slot) => 1 - slot / (2 * RESOLUTION));
/** Latin terms this long tolerate one typo; shorter ones would match too many unrelated words. */
const MIN_FUZZY_LENGTH = 5;
const FUZZY_WEIGHT = 0.5;
/** The last term also matches as a prefix, for search-as-you-type, up to this many (shortest) words. */
const MIN_PREFIX_LENGTH = 2;
const MAX_PREFIX_EXPANSIONS = 50;

/**
 * Full-text matching over the catalog: one FlexSearch index per field returns id lists ranked by
 * term position, and a vocabulary of the indexed Latin words (MiniSearch's radix tree) widens a
 * query term to its typo corrections and, for the last term, its completions.
 */
export class TextIndex {
  readonly #size: number;
  readonly #fields: readonly { boost: number; index: Index }[];
  readonly #vocabulary = new SearchableMap<true>();

  constructor(entries: readonly TextFields[]) {
    this.#size = entries.length;
    const postings = {} as Record<FieldName, FieldPostings>;
    for (const field of FIELD_NAMES) postings[field] = new FieldPostings(RESOLUTION);
    entries.forEach((entry, i) => {
      postings.names.add(i, (emit) => {
        for (const name of entry.names) for (const term of tokenizeName(name)) emit(term);
      });
      postings.topics.add(i, (emit) => scanTerms(entry.topics, emit));
      postings.description.add(i, (emit) => scanTerms(entry.description, emit));
    });
    this.#fields = FIELD_NAMES.map((f) => ({ boost: BOOSTS[f], index: postings[f].toIndex(tokenize) }));
    // Each field lists its distinct terms once, so the radix tree sees a word at most once per field.
    for (const field of FIELD_NAMES) {
      for (const term of postings[field].terms) if (!isHanToken(term)) this.#vocabulary.set(term, true);
    }
  }

  /**
   * Entries matching the text. All terms must match (AND) so longer queries narrow; if no entry
   * matches all of them, any term may (OR), so a partly wrong query still finds something.
   * A term's weight falls with the share of entries it reaches, so 'busi' counts for more than 'images'.
   */
  match(text: string): TextMatches {
    const terms = tokenize(text);
    const scores = new Float64Array(this.#size);
    /** Per entry: 1 + the last query term that reached it, and how many terms did. */
    const lastTerm = new Uint32Array(this.#size);
    const termCount = new Uint32Array(this.#size);
    const reached: number[] = [];

    terms.forEach((term, k) => {
      const lists: { slots: readonly (readonly number[] | undefined)[]; weight: number }[] = [];
      for (const [word, weight] of this.#expand(term, k === terms.length - 1)) {
        for (const { boost, index } of this.#fields) {
          const slots = index.search(word, { resolve: false }).result as (number[] | undefined)[];
          if (slots.length) lists.push({ slots, weight: weight * boost });
        }
      }
      let entriesReached = 0;
      for (const { slots } of lists) {
        for (const ids of slots) {
          for (const id of ids ?? []) {
            if (lastTerm[id] === k + 1) continue;
            if (!lastTerm[id]) reached.push(id);
            lastTerm[id] = k + 1;
            termCount[id]!++;
            entriesReached++;
          }
        }
      }
      if (!entriesReached) return;
      const rarity = Math.log(1 + this.#size / entriesReached);
      for (const { slots, weight } of lists) {
        slots.forEach((ids, slot) => {
          const w = weight * rarity * SLOT_WEIGHT[slot]!;
          for (const id of ids ?? []) scores[id]! += w;
        });
      }
    });

    const all = reached.filter((id) => termCount[id] === terms.length);
    return { entries: Uint32Array.from(all.length ? all : reached), scores };
  }

  /** The indexed words a query term stands for, with the weight of each. */
  #expand(term: string, isLast: boolean): Map<string, number> {
    const words = new Map<string, number>([[term, 1]]);
    if (isHanToken(term)) return words;
    if (term.length >= MIN_FUZZY_LENGTH && !this.#vocabulary.has(term)) {
      for (const word of this.#vocabulary.fuzzyGet(term, 1).keys()) words.set(word, FUZZY_WEIGHT);
    }
    if (isLast && term.length >= MIN_PREFIX_LENGTH) {
      const completions = [...this.#vocabulary.atPrefix(term).keys()]
        .filter((w) => w !== term)
        .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
        .slice(0, MAX_PREFIX_EXPANSIONS);
      for (const word of completions) words.set(word, term.length / word.length);
    }
    return words;
  }
}
