import { defineConfig } from 'vitest/config';

// One runner for the whole repo: each workspace is a project, so `npm test` runs them in one pass.
// The JSON report feeds scripts/test-summary.mjs, which prints the closing "N passed, N failed" line.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'test/vitest.config.ts'],
    reporters: ['default', ['json', { outputFile: '.turbo/vitest-report.json' }]],
  },
});
