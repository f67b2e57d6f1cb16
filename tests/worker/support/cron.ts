/** The Worker's crons, run as Cloudflare runs them (wrangler.toml [triggers]). */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '#worker/index.ts';

/** Runs the cron `cron` as if at `at`, and waits for all it started: the nightly one, or the one every five minutes. */
export async function runCron(cron: '0 19 * * *' | '*/5 * * * *', at = Date.now()): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron, scheduledTime: at }), env, ctx);
  await waitOnExecutionContext(ctx);
}
