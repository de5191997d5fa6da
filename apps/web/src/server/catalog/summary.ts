import { type Dataset, sizeOf } from '@medsets/catalog';

/**
 * What a result card needs from an entry. Search responses carry this instead of the full record
 * (provenance, citations and links are most of its weight) to keep instant search light.
 */
export interface DatasetSummary {
  id: string;
  name: string;
  fullName: string | null;
  description: { en: string; zh: string };
  modalities: string[];
  tasks: string[];
  anatomy: string[];
  dimensionality: string[];
  access: string;
  license: string | null;
  year: number | null;
  size: number;
  loadable: boolean;
  verified: boolean;
}

export function summarize(d: Dataset): DatasetSummary {
  return {
    id: d.id,
    name: d.name,
    fullName: d.fullName ?? null,
    description: d.description,
    modalities: d.modalities,
    tasks: d.tasks,
    anatomy: d.anatomy,
    dimensionality: d.dimensionality,
    access: d.access,
    license: d.license,
    year: d.year,
    size: sizeOf(d),
    loadable: d.loader !== null,
    verified: d.verified,
  };
}
