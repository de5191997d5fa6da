import { Index } from 'flexsearch';

/**
 * FlexSearch's position slot for the term at `position` of `count` distinct terms: slot 0 holds
 * first terms, and longer fields are squeezed into the remaining `resolution - 1` slots. It is the
 * formula of FlexSearch's own `add` (strict tokenizer, no context), so imported postings rank as
 * added ones would; a test builds both ways and compares them.
 */
export function slotOf(position: number, count: number, resolution: number): number {
  if (position === 0 || resolution <= 1) return 0;
  return count <= resolution ? position : Math.trunc(((resolution - 1) / count) * position + 1);
}

/** Hands a builder the terms of one field of one entry, in text order; repeats are allowed. */
export type TermFeed = (emit: (term: string) => void) => void;

/**
 * The postings of one field in FlexSearch's index layout (term → position slot → entry ids),
 * loaded into a FlexSearch `Index` through its import. Each entry is added exactly once, so
 * `Index.add`'s per-posting work for later updates — a duplicate check through a fresh dictionary
 * object per document and an update registry — is not needed; at 12 million postings that work was
 * most of the build.
 */
export class FieldPostings {
  readonly #resolution: number;
  /** The field's distinct terms, numbered in order of first appearance, so later work is on integers. */
  readonly #ids = new Map<string, number>();
  readonly #terms: string[] = [];
  /** By term id: the entry ids in each slot. */
  readonly #lists: number[][][] = [];
  readonly #entries: number[] = [];
  /** By term id: 1 + the last entry that emitted it, so each term counts once per entry. */
  #seenIn = new Uint32Array(1 << 12);
  /** Term ids of the entry being added, in order of first appearance; reused across entries. */
  readonly #current: number[] = [];
  #entry = 0;
  readonly #emit = (term: string): void => {
    const id = this.#idOf(term);
    if (this.#seenIn[id] === this.#entry + 1) return;
    this.#seenIn[id] = this.#entry + 1;
    this.#current.push(id);
  };

  constructor(resolution: number) {
    this.#resolution = resolution;
  }

  /** The field's distinct terms. */
  get terms(): readonly string[] {
    return this.#terms;
  }

  /** Adds one entry's terms. Entries must be added once each, in increasing order. */
  add(entry: number, feed: TermFeed): void {
    const current = this.#current;
    current.length = 0;
    this.#entry = entry;
    feed(this.#emit);
    if (!current.length) return;
    this.#entries.push(entry);
    for (let position = 0; position < current.length; position++) {
      const slots = this.#lists[current[position]!]!;
      const slot = slotOf(position, current.length, this.#resolution);
      const ids = slots[slot];
      if (ids) ids.push(entry);
      else slots[slot] = [entry];
    }
  }

  /** A FlexSearch index holding these postings; `encode` splits query strings into terms. */
  toIndex(encode: (query: string) => string[]): Index {
    const index = new Index({ tokenize: 'strict', resolution: this.#resolution, encode });
    const map = this.#terms.map((term, id) => [term, this.#lists[id]!] as const);
    // FlexSearch's import takes its export's chunks parsed or as JSON text; parsed skips a
    // stringify and parse of every posting. Its type declares only the text form.
    index.import('reg', this.#entries as unknown as string);
    index.import('map', map as unknown as string);
    return index;
  }

  #idOf(term: string): number {
    let id = this.#ids.get(term);
    if (id === undefined) {
      id = this.#terms.length;
      this.#ids.set(term, id);
      this.#terms.push(term);
      this.#lists.push([]);
      if (id === this.#seenIn.length) {
        const grown = new Uint32Array(2 * id);
        grown.set(this.#seenIn);
        this.#seenIn = grown;
      }
    }
    return id;
  }
}
