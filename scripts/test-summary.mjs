// Prints the test totals of the last `vitest run` as one plain closing line, after turbo's own output.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(new URL('../.turbo/vitest-report.json', import.meta.url), 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`Tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
process.exitCode = report.numFailedTests > 0 || report.numTotalTests === 0 ? 1 : 0;
