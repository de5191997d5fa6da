#!/usr/bin/env node
// The workspace ships TypeScript source; tsx compiles it on load so `npx medsets` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
