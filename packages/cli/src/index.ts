export type { Command } from './command.ts';
export { EXIT, type Io, UsageError } from './io.ts';
export { commands, main } from './main.ts';
