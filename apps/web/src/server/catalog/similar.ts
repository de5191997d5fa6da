import { type Dataset, listDatasets } from '@medsets/catalog';

function jaccard(a: readonly string[], b: readonly string[]): number {
  if (!a.length && !b.length) return 0;
  const setB = new Set(b);
  const shared = a.filter((v) => setB.has(v)).length;
  return shared / (a.length + b.length - shared);
}

/**
 * Datasets most like this one: what is imaged (anatomy) and how (modality) weigh most, then the
 * task and dimensionality; datasets the catalog links explicitly (related, same parent) rank first.
 */
export function similarDatasets(d: Dataset, limit = 6): Dataset[] {
  const scored = listDatasets()
    .filter((o) => o.id !== d.id)
    .map((o) => {
      let score =
        3 * jaccard(d.anatomy, o.anatomy) +
        3 * jaccard(d.modalities, o.modalities) +
        2 * jaccard(d.tasks, o.tasks) +
        jaccard(d.dimensionality, o.dimensionality) +
        0.5 * jaccard(d.diseases, o.diseases);
      if (d.related.includes(o.id) || o.related.includes(d.id)) score += 5;
      if (d.partOf && (o.partOf === d.partOf || o.id === d.partOf)) score += 4;
      return { o, score };
    })
    .filter((x) => x.score > 2)
    .sort((a, b) => b.score - a.score || a.o.name.localeCompare(b.o.name));
  return scored.slice(0, limit).map((x) => x.o);
}
