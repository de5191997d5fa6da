import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    alias: {
      '~': fileURLToPath(new URL('./src', import.meta.url)),
      // `server-only` throws outside React's server build on purpose; tests run server code directly.
      'server-only': fileURLToPath(new URL('./test/support/server-only.ts', import.meta.url)),
    },
  },
  test: { name: 'web', include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
