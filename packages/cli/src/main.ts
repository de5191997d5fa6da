import { CatalogValidationError, DatasetNotFoundError } from '@medsets/catalog';
import type { Command } from './command.ts';
import { download } from './commands/download.ts';
import { info } from './commands/info.ts';
import { list } from './commands/list.ts';
import { preview } from './commands/preview.ts';
import { search } from './commands/search.ts';
import { stats } from './commands/stats.ts';
import { summary } from './commands/summary.ts';
import { tile } from './commands/tile.ts';
import { verify } from './commands/verify.ts';
import { EXIT, type ExitCode, type Io, processIo, UsageError } from './io.ts';

export const commands: Record<string, Command> = {
  list,
  search,
  info,
  summary,
  download,
  verify,
  preview,
  tile,
  stats,
};

function help(): string {
  const lines = Object.values(commands).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return `medsets: find open medical-imaging datasets, download, check and preview them\n\nUsage:\n${lines.join('\n')}\n\nExit codes: 0 ok, 1 not found, 2 bad usage.`;
}

/** Runs one command line and returns its exit code; errors become messages, never stack traces. */
export async function main(argv: string[], io: Io = processIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands[name];
  if (!command) {
    io.err(`medsets: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: ${command.usage}`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof CatalogValidationError) {
      io.err(`medsets ${name}: ${e.message}\nUsage: ${command.usage}`);
      return EXIT.usage;
    }
    if (e instanceof DatasetNotFoundError) {
      io.err(`medsets ${name}: ${e.message}`);
      return EXIT.notFound;
    }
    throw e;
  }
}
