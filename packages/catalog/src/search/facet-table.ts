import type { Dataset } from '../schema.ts';

/** Facets in display order. `loadable` is whether the loaders SDK has a recipe for the dataset. */
export const FACETS = [
  'modality',
  'task',
  'anatomy',
  'dimensionality',
  'fileFormat',
  'access',
  'license',
  'loadable',
  'year',
] as const;
export type Facet = (typeof FACETS)[number];

/** The facet values of one entry, as strings, so every facet is filtered and counted the same way. */
function facetValues(d: Dataset): Record<Facet, readonly string[]> {
  return {
    modality: d.modalities,
    task: d.tasks,
    anatomy: d.anatomy,
    dimensionality: d.dimensionality,
    fileFormat: d.fileFormats,
    access: [d.access],
    license: d.license ? [d.license] : [],
    loadable: [d.loader ? 'true' : 'false'],
    year: d.year ? [String(d.year)] : [],
  };
}

/** The facets with a selection: each by position in FACETS, with a flag per value code it accepts. */
export type Selection = readonly { facet: number; wanted: Uint8Array }[];

/**
 * Facet values of every entry as small integer codes in one flat array, so filtering and counting
 * a 100,000-entry catalog is a pass over typed arrays rather than over strings and objects.
 */
export class FacetTable {
  /** Per facet, value → global code. */
  readonly codes = new Map<Facet, Map<string, number>>(FACETS.map((f) => [f, new Map()]));
  readonly values: { facet: Facet; value: string }[] = [];
  /** Values of entry i, facet f: flat[offsets[i * F + f] .. offsets[i * F + f + 1]). */
  readonly #flat: Uint32Array;
  readonly #offsets: Uint32Array;

  constructor(datasets: readonly Dataset[]) {
    const flat: number[] = [];
    this.#offsets = new Uint32Array(datasets.length * FACETS.length + 1);
    datasets.forEach((d, i) => {
      const values = facetValues(d);
      FACETS.forEach((facet, f) => {
        this.#offsets[i * FACETS.length + f] = flat.length;
        for (const v of values[facet]) flat.push(this.#code(facet, v));
      });
    });
    this.#offsets[datasets.length * FACETS.length] = flat.length;
    this.#flat = Uint32Array.from(flat);
  }

  #code(facet: Facet, value: string): number {
    const table = this.codes.get(facet)!;
    let code = table.get(value);
    if (code === undefined) {
      code = this.values.length;
      table.set(value, code);
      this.values.push({ facet, value });
    }
    return code;
  }

  /** Whether entry i has any of the wanted values in facet f. */
  #has(i: number, f: number, wanted: Uint8Array): boolean {
    const end = this.#offsets[i * FACETS.length + f + 1]!;
    for (let k = this.#offsets[i * FACETS.length + f]!; k < end; k++) if (wanted[this.#flat[k]!]) return true;
    return false;
  }

  /** Counts entry i's values in facet f. */
  #count(i: number, f: number, counts: Uint32Array): void {
    const end = this.#offsets[i * FACETS.length + f + 1]!;
    for (let k = this.#offsets[i * FACETS.length + f]!; k < end; k++) counts[this.#flat[k]!]!++;
  }

  /** Counts entry i's values in every facet: they are contiguous, so one loop does it. */
  #countAll(i: number, counts: Uint32Array): void {
    const end = this.#offsets[(i + 1) * FACETS.length]!;
    for (let k = this.#offsets[i * FACETS.length]!; k < end; k++) counts[this.#flat[k]!]!++;
  }

  /**
   * The candidates having a selected value in every selected facet (ANDed across facets, ORed
   * within one), in candidate order, and the facet counts: an entry failing only facet F still
   * counts towards F's values, because choosing one of them would include it.
   */
  select(candidates: Uint32Array, selection: Selection): { hits: Uint32Array; counts: Uint32Array } {
    const size = (this.#offsets.length - 1) / FACETS.length;
    const isCandidate = new Uint8Array(size);
    for (const i of candidates) isCandidate[i] = 1;
    const passes = new Uint8Array(size);
    const counts = new Uint32Array(this.values.length);
    // Entry order reads the tables front to back; result order would jump around them and wait on memory.
    for (let i = 0; i < size; i++) {
      if (!isCandidate[i]) continue;
      let failing = -1;
      let failures = 0;
      for (let s = 0; s < selection.length && failures < 2; s++) {
        const { facet, wanted } = selection[s]!;
        if (!this.#has(i, facet, wanted)) {
          failing = facet;
          failures++;
        }
      }
      if (failures === 0) {
        this.#countAll(i, counts);
        passes[i] = 1;
      } else if (failures === 1) this.#count(i, failing, counts);
    }
    return { hits: candidates.filter((i) => passes[i]), counts };
  }
}
