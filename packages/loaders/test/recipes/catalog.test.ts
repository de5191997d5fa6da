import { listDatasets } from '@medsets/catalog';
import { describe, expect, it } from 'vitest';
import { infoOf } from '../../src/recipes/recipe.ts';
import { listRecipes } from '../../src/recipes/registry.ts';

const recipes = await listRecipes();

describe('recipes and the catalog agree', () => {
  it('every recipe names catalog entries whose loader points back to it with the same formats', () => {
    const byId = new Map(listDatasets().map((d) => [d.id, d]));
    for (const r of recipes)
      for (const id of r.catalogIds) {
        const entry = byId.get(id);
        expect(entry, `${r.id} names unknown catalog id ${id}`).toBeDefined();
        expect(entry!.loader, `${id}.loader`).toEqual({ recipe: r.id, formats: r.formats });
      }
  });

  it('every catalog entry marked loadable has a recipe that claims it', () => {
    const byRecipe = new Map(recipes.map((r) => [r.id, r]));
    const loadable = listDatasets().filter((d) => d.loader);
    expect(loadable.length).toBeGreaterThanOrEqual(30);
    for (const d of loadable) expect(byRecipe.get(d.loader!.recipe)?.catalogIds, d.id).toContain(d.id);
  });

  it('generic recipes claim no catalog entry; dataset recipes document their layout and sources', () => {
    for (const r of recipes) {
      if (['image-folder', 'image-mask-pairs', 'csv-manifest', 'msd-json'].includes(r.id))
        expect(r.catalogIds).toEqual([]);
      else {
        expect(r.catalogIds.length, r.id).toBeGreaterThan(0);
        expect(r.references.length, r.id).toBeGreaterThan(0);
      }
      expect(r.layout.length, r.id).toBeGreaterThan(0);
    }
  });

  // Recipes keep their own class lists because list order is the label index; the catalog names the
  // same classes for people (e.g. 'ADI' vs 'adipose (ADI)'), so they are compared by count and members.
  it("classification recipes have as many classes as their catalog entries; multilabel ones the catalog's findings", () => {
    const byId = new Map(listDatasets().map((d) => [d.id, d]));
    let compared = 0;
    for (const r of recipes)
      for (const id of r.catalogIds) {
        const info = infoOf(r, r.configFor?.(id));
        const named = byId.get(id)!.classes;
        if (!named || info.classes.length === 0) continue;
        if (info.task === 'classification') expect(info.classes.length, id).toBe(named.length);
        else if (info.task === 'multilabel') {
          // A multilabel target has no "no finding" column: that is the all-zero vector.
          expect(
            named.filter((c) => !info.classes.includes(c)),
            id,
          ).toEqual(['No Finding']);
        } else continue;
        compared++;
      }
    expect(compared).toBeGreaterThanOrEqual(10);
  });
});
