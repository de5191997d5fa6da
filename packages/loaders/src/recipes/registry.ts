import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Recipe } from './recipe.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
let cache: Promise<Map<string, Recipe>> | undefined;

/**
 * Every recipe: each folder under `src/recipes/` holding a `recipe.ts` with a default export.
 * Found by listing the folder, so adding a dataset touches only its own folder.
 */
export function recipes(): Promise<Map<string, Recipe>> {
  cache ??= (async () => {
    const entries = await readdir(here, { withFileTypes: true });
    const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    const found = new Map<string, Recipe>();
    await Promise.all(
      folders.map(async (name) => {
        const url = new URL(`./${name}/recipe.ts`, import.meta.url).href;
        let mod: { default?: Recipe };
        try {
          mod = await import(url);
        } catch (err) {
          if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(err).includes(`${name}/recipe.ts`))
            return;
          throw err;
        }
        if (mod.default) found.set(mod.default.id, mod.default);
      }),
    );
    return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
  })();
  return cache;
}

export async function listRecipes(): Promise<Recipe[]> {
  return [...(await recipes()).values()];
}

/** The recipe with this id, or the one loading this catalog id. */
export async function findRecipe(idOrCatalogId: string): Promise<Recipe | undefined> {
  const all = await recipes();
  return all.get(idOrCatalogId) ?? [...all.values()].find((r) => r.catalogIds.includes(idOrCatalogId));
}
