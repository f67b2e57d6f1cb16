import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineProject } from 'vitest/config';
import { TEST_SECRETS } from '../support/server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Worker tests run inside workerd with the bindings of wrangler.toml and a real local D1.
 * The migrations in migrations/ are applied by setup.ts before each test file; storage is
 * isolated per test file.
 */
export default defineProject({
  root: ROOT,
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: path.join(ROOT, 'wrangler.toml') },
      miniflare: {
        bindings: {
          ...TEST_SECRETS,
          TEST_MIGRATIONS: await readD1Migrations(path.join(ROOT, 'migrations')),
        },
      },
    })),
  ],
  test: {
    name: 'worker',
    include: ['tests/worker/**/*.test.ts'],
    setupFiles: ['tests/worker/setup.ts'],
  },
});
