import 'server-only';
import { ACCESS, ANATOMY, DIMENSIONALITY, FILE_FORMAT, type Label, LINK_KIND, MODALITY, TASK } from '@medsets/catalog';
import type { Lang } from './messages';

/** The catalog's closed vocabularies by facet name, so any facet value can be labelled in either language. */
const TABLES: Record<string, Record<string, Label>> = {
  modality: MODALITY.labels,
  task: TASK.labels,
  anatomy: ANATOMY.labels,
  dimensionality: DIMENSIONALITY.labels,
  fileFormat: FILE_FORMAT.labels,
  access: ACCESS.labels,
  linkKind: LINK_KIND.labels,
  loadable: { true: { en: 'Loadable', zh: '可加载' }, false: { en: 'Not yet', zh: '暂不支持' } },
};

/** A facet value's label; open facets (license, year) and unknown values show the value itself. */
export function labelOf(facet: string, value: string, lang: Lang): string {
  return TABLES[facet]?.[value]?.[lang] ?? value;
}
