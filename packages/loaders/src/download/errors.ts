/** Errors of the download and cache layer. Each names the URL or file and the cause. */

/** A download that failed: HTTP status, network error after every retry, or a short body. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`cannot download ${url}: ${reason}`, options);
  }
}

/** The bytes arrived but their SHA-256 is not the one the recipe records; nothing is kept. */
export class ChecksumError extends Error {
  override readonly name = 'ChecksumError';
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`checksum mismatch for ${file}: expected sha256 ${expected}, got ${actual}`);
  }
}

/** An archive that is unsafe or broken: escaping paths, links out of the folder, too large. */
export class ExtractError extends Error {
  override readonly name = 'ExtractError';
  constructor(
    readonly archive: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot extract ${archive}: ${reason}`, options);
  }
}

/**
 * A dataset that cannot be fetched automatically (registration, data-use agreement, or no direct
 * URL). The message is the how-to-get text: where to go, which files, where to put them.
 */
export class DatasetAccessError extends Error {
  override readonly name = 'DatasetAccessError';
  constructor(
    readonly datasetId: string,
    message: string,
  ) {
    super(message);
  }
}

/** A dataset folder that is missing, incomplete, or not in the layout its recipe expects. */
export class DatasetLayoutError extends Error {
  override readonly name = 'DatasetLayoutError';
  constructor(
    readonly datasetId: string,
    readonly root: string,
    readonly reason: string,
  ) {
    super(`${datasetId} at ${root}: ${reason}`);
  }
}
