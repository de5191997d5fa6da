import { distance } from 'fastest-levenshtein';
import { CatalogIntegrityError, DatasetNotFoundError } from './errors.ts';
import { normalizeName } from './names.ts';
import { allRecords } from './records/index.ts';
import { type Dataset, type DatasetInput, datasetSchema } from './schema.ts';

/** A validated, indexed set of entries. The real catalog is one; benchmarks build synthetic ones. */
export class Catalog {
  readonly datasets: readonly Dataset[];
  readonly #byId = new Map<string, Dataset>();
  readonly #byName = new Map<string, Dataset>();

  constructor(datasets: readonly Dataset[]) {
    this.datasets = datasets;
    for (const d of datasets) {
      if (this.#byId.has(d.id)) throw new CatalogIntegrityError(`duplicate id "${d.id}"`);
      this.#byId.set(d.id, d);
    }
    for (const d of datasets) {
      for (const name of [d.id, d.name, ...d.aliases]) {
        const key = normalizeName(name);
        const owner = this.#byName.get(key);
        if (owner && owner !== d) {
          throw new CatalogIntegrityError(`"${name}" names both "${owner.id}" and "${d.id}"`);
        }
        this.#byName.set(key, d);
      }
      for (const ref of [...d.related, ...(d.partOf ? [d.partOf] : [])]) {
        if (!this.#byId.has(ref)) throw new CatalogIntegrityError(`"${d.id}" refers to unknown id "${ref}"`);
      }
    }
  }

  /** Validates raw records; the error lists every invalid record with its id. */
  static fromRecords(records: readonly DatasetInput[]): Catalog {
    const problems: string[] = [];
    const datasets: Dataset[] = [];
    for (const record of records) {
      const parsed = datasetSchema.safeParse(record);
      if (parsed.success) datasets.push(parsed.data);
      else {
        for (const issue of parsed.error.issues) {
          problems.push(`${record.id ?? '?'}: ${issue.path.join('.')}: ${issue.message}`);
        }
      }
    }
    if (problems.length) throw new CatalogIntegrityError(`invalid catalog records:\n${problems.join('\n')}`);
    return new Catalog(datasets);
  }

  /** The entry for an id or any alias, case-, width- and punctuation-insensitive; undefined if none. */
  resolve(idOrAlias: string): Dataset | undefined {
    return this.#byName.get(normalizeName(idOrAlias));
  }

  /** Like resolve, but throws DatasetNotFoundError with the closest ids. */
  get(idOrAlias: string): Dataset {
    const found = this.resolve(idOrAlias);
    if (!found) throw new DatasetNotFoundError(idOrAlias, this.suggest(idOrAlias));
    return found;
  }

  /** The ids whose names are closest to a misspelled query (edit distance over normalized names). */
  suggest(query: string, limit = 3): string[] {
    const key = normalizeName(query).slice(0, 200);
    if (!key) return [];
    const best = new Map<string, number>();
    for (const [name, d] of this.#byName) {
      const score =
        name.includes(key) || key.includes(name) ? 0.5 : distance(key, name) / Math.max(key.length, name.length);
      if (score < (best.get(d.id) ?? Number.POSITIVE_INFINITY)) best.set(d.id, score);
    }
    return [...best]
      .filter(([, score]) => score <= 0.5)
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([id]) => id);
  }
}

let real: Catalog | undefined;

/** The medsets catalog, validated on first use. */
export function getCatalog(): Catalog {
  real ??= Catalog.fromRecords(allRecords);
  return real;
}

export function getDataset(idOrAlias: string): Dataset {
  return getCatalog().get(idOrAlias);
}

export function resolveAlias(idOrAlias: string): Dataset | undefined {
  return getCatalog().resolve(idOrAlias);
}

export function listDatasets(): readonly Dataset[] {
  return getCatalog().datasets;
}
