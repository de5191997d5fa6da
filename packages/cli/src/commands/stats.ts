import { datasetStats, ensureDataset } from '@medsets/loaders';
import type { Command } from '../command.ts';
import { guarded, recipeFor } from '../dataset-command.ts';
import { EXIT, UsageError } from '../io.ts';
import { parse } from '../options.ts';
import { countProgress } from '../progress.ts';

const top = (m: Record<string, number>, n = 8) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} (${v})`)
    .join(', ');

export const stats: Command = {
  usage: 'medsets stats <id>[/<config>] [--root dir] [--config c] [--seed n] [--limit n] [--json]',
  summary: 'samples per split and class, patients, image size and spacing distribution',
  run(argv, io) {
    return guarded('stats', io, async () => {
      const { values, positionals } = parse(argv, {
        root: { type: 'string' },
        config: { type: 'string' },
        seed: { type: 'string', default: '0' },
        limit: { type: 'string', default: '200' },
      });
      const seed = Number(values.seed);
      const limit = Number(values.limit);
      if (!Number.isInteger(seed) || !Number.isInteger(limit) || limit < 0)
        throw new UsageError('--seed and --limit take integers');
      const { recipe, config } = await recipeFor(positionals[0], values.config);
      const root = await ensureDataset(recipe, { root: values.root, config });
      const bar = countProgress('headers', !!values.json);
      const s = await datasetStats(recipe, root, { config, seed, limit, onSample: bar.update }).finally(bar.stop);
      if (values.json) {
        io.out(JSON.stringify(s, null, 2));
        return EXIT.ok;
      }
      io.out(
        `${recipe.title}${config ? ` (${config})` : ''}: ${s.samples} samples${s.patients ? ` from ${s.patients} patients/groups` : ''}`,
      );
      io.out(
        `  train ${s.counts.train}, val ${s.counts.val}, test ${s.counts.test} (seed ${seed}; rule: ${recipe.split.rule})`,
      );
      const rows = s.classes.filter((c) => c.counts.train + c.counts.val + c.counts.test > 0);
      if (rows.length) {
        const width = Math.max(5, ...rows.map((c) => c.name.length));
        io.out(`  ${'class'.padEnd(width)}  train    val   test`);
        for (const c of rows)
          io.out(
            `  ${c.name.padEnd(width)} ${String(c.counts.train).padStart(6)} ${String(c.counts.val).padStart(6)} ${String(c.counts.test).padStart(6)}`,
          );
      }
      io.out(`  sizes (${s.inspected} inspected): ${top(s.sizes) || '–'}`);
      io.out(`  spacing: ${top(s.spacings) || 'not recorded'}`);
      return EXIT.ok;
    });
  },
};
