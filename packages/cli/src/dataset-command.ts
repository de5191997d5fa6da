import { DatasetNotFoundError } from '@medsets/catalog';
import {
  ChecksumError,
  DatasetAccessError,
  DatasetLayoutError,
  DownloadError,
  ExtractError,
  type Recipe,
  resolveRecipe,
} from '@medsets/loaders';
import { EXIT, type ExitCode, type Io, UsageError } from './io.ts';

/** `<id>` or `<id>/<config>` → the recipe, its config and catalog entry; unknown ids fail with suggestions. */
export async function recipeFor(arg: string | undefined, config?: string) {
  if (!arg)
    throw new UsageError('give a dataset id or alias (add /<config> for a variant, e.g. medmnist-v2/pathmnist)');
  const resolved = await resolveRecipe(arg, config);
  if (resolved.recipe.configs && resolved.config && !resolved.recipe.configs.includes(resolved.config))
    throw new UsageError(
      `${resolved.recipe.id} has no config "${resolved.config}"; choose one of ${resolved.recipe.configs.join(', ')}`,
    );
  return resolved as { recipe: Recipe; config?: string };
}

/**
 * Runs a dataset command, turning the SDK's typed errors into messages and exit codes (never a
 * stack trace): missing data and failed downloads exit 1, bad options exit 2.
 */
export async function guarded(name: string, io: Io, run: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof UsageError || e instanceof DatasetNotFoundError) throw e;
    if (e instanceof DatasetAccessError) {
      io.err(e.message);
      return EXIT.notFound;
    }
    if (
      e instanceof DatasetLayoutError ||
      e instanceof DownloadError ||
      e instanceof ChecksumError ||
      e instanceof ExtractError ||
      (e as Error)?.name === 'DecodeError'
    ) {
      io.err(`medsets ${name}: ${(e as Error).message}`);
      return EXIT.notFound;
    }
    if ((e as Error)?.name === 'LoaderOptionsError' || e instanceof RangeError)
      throw new UsageError((e as Error).message);
    throw e;
  }
}
