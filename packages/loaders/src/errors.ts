/** The file formats the decoders name in their errors. */
export type DecodeFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' | 'image' | 'tiff' | 'wsi' | 'nifti';

/**
 * A file that cannot be decoded: truncated, empty, wrong magic, absurd dimensions, unsupported
 * encoding. Every decoder throws this (never a bare library error) so callers can skip a bad
 * sample and log which file and why.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly path: string,
    readonly format: DecodeFormat,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot decode ${format} ${path}: ${reason}`, options);
  }
}

/** Options that fail validation, reported before any file is read. */
export class LoaderOptionsError extends TypeError {
  override readonly name = 'LoaderOptionsError';
}

/** Turn an unknown thrown value into a DecodeError, keeping DecodeErrors as they are. */
export function asDecodeError(err: unknown, path: string, format: DecodeFormat): DecodeError {
  if (err instanceof DecodeError) return err;
  const message = err instanceof Error ? err.message || err.name : String(err);
  return new DecodeError(path, format, message.trim().split('\n').join('; '), { cause: err });
}
