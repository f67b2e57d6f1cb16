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
  },
});
