import { getCatalog } from '@medsets/catalog';
import { ValidationError } from './errors.ts';

/**
 * The canonical catalog id for an id or alias. Rows only ever hold canonical ids, so a dataset's
 * annotations and collection items stay findable under one key; unknown ids are rejected with suggestions.
 */
export function catalogDatasetId(idOrAlias: string, field = 'datasetId'): string {
  const catalog = getCatalog();
  const found = catalog.resolve(idOrAlias);
  if (found) return found.id;
  const suggestions = catalog.suggest(idOrAlias);
  const hint = suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
  throw new ValidationError(field, `no dataset "${idOrAlias.slice(0, 100)}" in the catalog${hint}`);
}
