import { verifyDataset } from '@medsets/loaders';
import type { Command } from '../command.ts';
import { guarded, recipeFor } from '../dataset-command.ts';
import { EXIT } from '../io.ts';
import { parse } from '../options.ts';

export const verify: Command = {
  usage: 'medsets verify <id>[/<config>] [--root dir] [--config c] [--json]',
  summary:
    "check a dataset on disk against its recipe's layout and checksums, and its sample count against the catalog",
  run(argv, io) {
    return guarded('verify', io, async () => {
      const { values, positionals } = parse(argv, { root: { type: 'string' }, config: { type: 'string' } });
      const { recipe, config } = await recipeFor(positionals[0], values.config);
      const report = await verifyDataset(recipe, { root: values.root, config });
      if (values.json) {
        io.out(JSON.stringify(report, null, 2));
        return report.ok ? EXIT.ok : EXIT.notFound;
      }
      io.out(`${recipe.title}${config ? ` (${config})` : ''} at ${report.root}`);
      io.out(
        `  samples: ${report.samples}${report.catalog ? ` (catalog: ${report.catalog.count} ${report.catalog.unit})` : ''}`,
      );
      for (const c of report.checksums) io.out(`  sha256 ${c.file}: ${c.status}`);
      if (!Object.keys(recipe.checksums).length)
        io.out('  no published checksums: files checked against the layout only');
      for (const w of report.warnings) io.out(`  note: ${w}`);
      for (const p of report.problems) io.err(`  problem: ${p}`);
      for (const f of report.missingFiles.slice(0, 10)) io.err(`    missing ${f}`);
      io.out(report.ok ? 'OK' : 'FAILED');
      return report.ok ? EXIT.ok : EXIT.notFound;
    });
  },
};
