/**
 * The Worker: /api/* goes to Hono, and so do the form pages it completes (routes/pages.ts);
 * every other page is the built site's HTML, served from the static assets with the reader's
 * text size (lib/text-size.ts). Scripts, styles and the search index never reach the Worker
 * (wrangler.toml [assets] run_worker_first).
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { FILE_CSP, HSTS, SITE_CSP } from '#src/config/security.ts';
import type { AppEnv, Env } from './env.ts';
import { ApiError, brokenValueOf, fromHttpException, noSuchEndpoint, outageOf, unhandledLogLine } from './lib/errors.ts';
import { writeAuditHead } from './lib/audit.ts';
import { formAgain } from './lib/form-posts.ts';
import { checkKeys, requireReady } from './lib/keys.ts';
import { applicationsRoute } from './routes/applications.ts';
import { eligibility } from './routes/eligibility.ts';
import { filesRoute } from './routes/files.ts';
import { health } from './routes/health.ts';
import { pages } from './routes/pages.ts';
import { reportsRoute } from './routes/reports.ts';
import { searchPage } from './routes/search.ts';
import { volunteersRoute } from './routes/volunteers.ts';
import { sessionRoute } from './routes/staff/session.ts';
import { staffRoute } from './routes/staff/index.ts';
import { statusRoute } from './routes/status.ts';
import { textSizeRoute } from './routes/text-size.ts';
import { assetRequest, textSizePages } from './lib/text-size.ts';
import { backfillCases } from './services/case-backfill.ts';
import { runRetention } from './services/retention.ts';
import { handleSmsBatch } from './services/sms/delivery.ts';
import { sweepOutbox } from './services/sms/outbox.ts';
import { t } from '#src/i18n/index.ts';

const app = new Hono<AppEnv>();

// 大字 on every HTML answer, the site's pages and the forms a post brings back. Registered
// first, so it runs last on the way out and sees the final headers.
app.use('*', textSizePages);

// Form posts without JavaScript get a page back: it needs the site's policy, not the API's.
// Registered first, so it runs last on the way out, after secureHeaders.
app.use('/api/*', async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
  if (c.res.headers.get('content-type')?.startsWith('text/html')) c.res.headers.set('Content-Security-Policy', SITE_CSP);
  // A file (a family's document, a CSV export) gets a policy under which nothing in it can run.
  else if (c.res.headers.has('content-disposition')) c.res.headers.set('Content-Security-Policy', FILE_CSP);
});
app.use(
  '/api/*',
  secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: HSTS,
  }),
);

app.route('/api/health', health);
app.route('/api/eligibility', eligibility);
app.route('/api/applications', applicationsRoute);
app.route('/api/applications', filesRoute);
app.route('/api/volunteers', volunteersRoute);
app.route('/api/reports', reportsRoute);
app.route('/api/status', statusRoute);
app.route('/api/text-size', textSizeRoute);
// Signing in comes before the staff routes, whose requireStaff needs the session it opens.
app.route('/api/staff/session', sessionRoute);
app.route('/api/staff', staffRoute);
app.route('/', pages);
app.route('/', searchPage);

app.notFound(async (c) => {
  if (c.req.path.startsWith('/api/')) {
    return c.json(noSuchEndpoint().body(), 404);
  }
  const asset = await c.env.ASSETS.fetch(assetRequest(c));
  // The site's own files carry HSTS from _headers; say it here too, whatever the asset server adds.
  const res = new Response(asset.body, asset);
  res.headers.set('Strict-Transport-Security', HSTS);
  return res;
});

/**
 * Every refusal, in one place: a form posted without JavaScript gets its page back, filled in,
 * with what to fix; anything else gets the error shape. Hono's own refusals (a middleware's
 * 401, 404 or 413) keep their status in the same shape.
 */
app.onError((err, c) => {
  const broken = brokenValueOf(err);
  // Which column did not open, for the operator to look into: never which record, never the value.
  if (broken) console.error(`record_unreadable on ${c.req.method} ${c.req.routePath}: ${broken.field}`);
  const refusal =
    err instanceof ApiError
      ? err
      : err instanceof HTTPException && err.status < 500
        ? fromHttpException(err)
        : (broken?.refusal ?? outageOf(err));
  if (refusal) {
    if (refusal.status === 503)
      console.error(unhandledLogLine(err, c.req.method, c.req.routePath).replace('unhandled error', refusal.code));
    return formAgain(c, refusal) ?? c.json(refusal.body(), refusal.status, refusal.headers);
  }
  console.error(unhandledLogLine(err, c.req.method, c.req.routePath));
  return c.json(new ApiError(500, 'internal', t('api.internal')).body(), 500);
});

/** wrangler.toml [triggers]: the nightly one also runs retention; every one sweeps the SMS outbox. */
const NIGHTLY_CRON = '0 19 * * *';

/**
 * A scheduled task whose failure is logged by its kind only: a D1 error's message quotes the
 * statement and its parameters (references, token hashes), which no log may carry.
 */
async function logged(task: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    console.error(unhandledLogLine(error, 'CRON', task));
  }
}

export default {
  fetch: app.fetch,
  /**
   * The nightly cron runs retention, writes the audit log's head to R2 and fills in the files
   * of applications from before cases existed; every cron sweeps the SMS outbox.
   */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    const at = controller.scheduledTime;
    if (controller.cron === NIGHTLY_CRON) {
      // Retention and the audit head need no keys; the backfill encrypts, so it waits for usable keys.
      ctx.waitUntil(logged('retention', () => runRetention(env, at)));
      ctx.waitUntil(logged('audit head', () => writeAuditHead(env, at)));
      ctx.waitUntil(logged('case backfill', async () => (await checkKeys(env)).ok && backfillCases(env)));
    }
    ctx.waitUntil(logged('sms sweep', async () => (await checkKeys(env)).ok && sweepOutbox(env, at)));
  },
  /** The SMS queue and its dead-letter queue (wrangler.toml [[queues.consumers]]). */
  async queue(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext) {
    try {
      await requireReady(env);
      await handleSmsBatch(env, batch, Date.now());
    } catch (error) {
      // Every message comes again later (the queue's retries); the log gets the error's kind only.
      console.error(unhandledLogLine(error, 'QUEUE', batch.queue));
      batch.retryAll();
    }
  },
} satisfies ExportedHandler<Env>;
