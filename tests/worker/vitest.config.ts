import { existsSync } from 'node:fs';
import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineProject } from 'vitest/config';
import { unstable_readConfig } from 'wrangler';
import { TEST_SECRETS } from '../support/server.ts';
import { SMS_TEST_SETTINGS } from './support/sms-settings.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

type QueueConsumer = { queue: string; max_batch_size?: number; max_retries?: number; dead_letter_queue?: string };

// The queue consumers of wrangler.toml, with their retries and dead-letter queue as configured
// (miniflare takes these options whole), but without the waiting: a batch goes at once, and so
// does a retry.
const queueConsumers = Object.fromEntries(
  (unstable_readConfig({ config: path.join(ROOT, 'wrangler.toml') }).queues.consumers ?? []).map((q: QueueConsumer) => [
    q.queue,
    {
      maxBatchSize: q.max_batch_size,
      maxRetries: q.max_retries,
      deadLetterQueue: q.dead_letter_queue,
      maxBatchTimeout: 0.05,
      retryDelay: 0,
    },
  ]),
);

/**
 * Worker tests run inside workerd with the bindings of wrangler.toml, a real local D1 and the
 * local SMS queue. The migrations in migrations/ are applied by setup.ts before each test file;
 * storage is isolated per test file.
 *
 * Text messages go to the webhook provider, whose endpoint is the one thing faked
 * (support/sms-gateway.ts). Retries come at once and quiet hours are off, since the tests run
 * at any hour: quiet hours and backoff are tested with a fixed clock (sms-rules.test.ts).
 */
export default defineProject({
  root: ROOT,
  plugins: [
    cloudflareTest(async () => {
      // The Worker bundles the build's copy of Pagefind (worker/generated/, src/integrations/pagefind.ts).
      if (!existsSync(path.join(ROOT, 'worker/generated/pagefind.js')))
        throw new Error('worker/generated/pagefind.js is missing: run `npm run build` first (npm test does).');
      return {
        wrangler: { configPath: path.join(ROOT, 'wrangler.toml') },
        miniflare: {
          bindings: {
            ...TEST_SECRETS,
            ...SMS_TEST_SETTINGS,
            TEST_MIGRATIONS: await readD1Migrations(path.join(ROOT, 'migrations')),
          },
          queueConsumers,
          // The Worker's D1 as wrangler.toml has it, a second one left a migration behind (outages.test.ts),
          // and an empty one for the upgrade test: older migrations, older rows, then the rest.
          d1Databases: { DB: '00000000-0000-0000-0000-000000000000', STALE_DB: 'stale-db', UPGRADE_DB: 'upgrade-db' },
        },
      };
    }),
  ],
  test: {
    name: 'worker',
    include: ['tests/worker/**/*.test.ts'],
    setupFiles: ['tests/worker/setup.ts'],
    // Some tests make dozens of requests (60 searches, a key rotation over every table); on a
    // busy two-core machine they outlast vitest's 5 s default without anything being wrong.
    testTimeout: 20_000,
  },
});
