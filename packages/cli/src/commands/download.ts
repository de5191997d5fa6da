import { accessOf, ensureDataset } from '@medsets/loaders';
import type { Command } from '../command.ts';
import { guarded, recipeFor } from '../dataset-command.ts';
import { EXIT } from '../io.ts';
import { parse } from '../options.ts';
import { byteProgress } from '../progress.ts';

export const download: Command = {
  usage: 'medsets download <id>[/<config>] [--config c] [--json]',
  summary: 'download a dataset into the cache (MEDSETS_HOME), or say where to get it by hand',
  run(argv, io) {
    return guarded('download', io, async () => {
      const { values, positionals } = parse(argv, { config: { type: 'string' } });
      const { recipe, config } = await recipeFor(positionals[0], values.config);
      const access = accessOf(recipe, config);
      const progress = values.json ? undefined : byteProgress();
      try {
        const root = await ensureDataset(recipe, { download: 'if-missing', config, onProgress: progress?.update });
        if (values.json)
          io.out(
            JSON.stringify({
              id: recipe.id,
              config,
              root,
              files: access.kind === 'direct' ? access.files.map((f) => f.url) : [],
            }),
          );
        else io.out(`${recipe.title}${config ? ` (${config})` : ''} is ready in ${root}`);
        return EXIT.ok;
      } finally {
        progress?.stop();
      }
    });
  },
};
