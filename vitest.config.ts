import { defineConfig } from 'vitest/config';

// One runner for the whole repo: each workspace is a project, so `npm test` prints one summary.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'test/vitest.config.ts'],
  },
});
