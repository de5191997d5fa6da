/** Errors the catalog raises. Each names what was asked for and why it failed. */

export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** Input that does not fit the query API: bad filters, oversized text, unknown facet values. */
export class CatalogValidationError extends CatalogError {
  override name = 'CatalogValidationError';
  constructor(
    message: string,
    readonly issues: readonly string[],
  ) {
    super(message);
  }
}

/** An id or alias that names no entry; carries the closest ids so callers can suggest them. */
export class DatasetNotFoundError extends CatalogError {
  override name = 'DatasetNotFoundError';
  constructor(
    readonly query: string,
    readonly suggestions: readonly string[],
  ) {
    super(
      `No dataset "${query}" in the catalog${suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '.'}`,
    );
  }
}

/** The catalog's own records are inconsistent (caught by tests; never reaches users). */
export class CatalogIntegrityError extends CatalogError {
  override name = 'CatalogIntegrityError';
}
