import type { D1Migration } from '@cloudflare/vitest-plugin';
import type { Env as WorkerEnv } from '#worker/env.ts';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      UPGRADE_DB: D1Database;
      /** A D1 without the latest migration (outages.test.ts). */
      STALE_DB: D1Database;
    }
    /** Types `exports` from cloudflare:workers as the Worker's own module. */
    interface GlobalProps {
      mainModule: typeof import('#worker/index.ts');
    }
  }
}
export type Env = WorkerEnv;
