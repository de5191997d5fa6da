export { Catalog, getCatalog, getDataset, listDatasets, resolveAlias } from './catalog.ts';
export { CatalogError, CatalogIntegrityError, CatalogValidationError, DatasetNotFoundError } from './errors.ts';
export { normalizeName } from './names.ts';
export * from './schema.ts';
export {
  FACETS,
  type Facet,
  type FacetCount,
  type SearchFilters,
  type SearchHit,
  SearchIndex,
  type SearchQuery,
  type SearchResult,
  search,
  searchQuerySchema,
  sizeOf,
} from './search.ts';
export { tokenize } from './tokenize.ts';
export * from './vocabulary.ts';
