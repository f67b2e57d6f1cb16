import path from 'node:path';
import { defineProject } from 'vitest/config';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Browser journeys: real Chromium against `wrangler dev` serving the built dist/ (global-setup.ts). */
export default defineProject({
  root: ROOT,
  test: {
    name: 'e2e',
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // What a journey waits for (a view after a reload, a focus move) can take seconds on a busy
    // machine; vitest's own default for expect.poll is one second. Still bounded, still failing.
    expect: { poll: { timeout: 10_000 } },
  },
});
