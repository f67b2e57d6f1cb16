import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` runs every kind of test, each in the runtime it needs:
 * - unit: pure code and content, in Node;
 * - worker: the Worker in workerd with a real local D1 (tests/worker/vitest.config.ts);
 * - e2e: real Chromium against the built site served by `wrangler dev`;
 * - reliability: load, crash, bad input, guessing, isolation (npm run test:reliability).
 */
export default defineConfig({
  test: {
    projects: [
      './tests/unit/vitest.config.ts',
      './tests/worker/vitest.config.ts',
      './tests/e2e/vitest.config.ts',
      './tests/reliability/vitest.config.ts',
    ],
  },
});
