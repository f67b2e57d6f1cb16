import path from 'node:path';
import { defineProject } from 'vitest/config';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * `npm run test:reliability`: load, crash, bad input, guessing, isolation and privacy against
 * `wrangler dev` on loopback. Sizes come from RELIABILITY_SIZE (small for CI, full for
 * docs/reliability.md) and can be set one by one (see params.ts).
 */
export default defineProject({
  root: ROOT,
  test: {
    name: 'reliability',
    include: ['tests/reliability/**/*.test.ts'],
    environment: 'node',
    testTimeout: 3_600_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    setupFiles: ['tests/reliability/setup.ts'],
  },
});
