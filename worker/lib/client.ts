import type { Context } from 'hono';
import { t } from '#src/i18n/index.ts';
import { ApiError } from './errors.ts';

/** The caller's address (Cloudflare sets CF-Connecting-IP; wrangler dev does too). */
export function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? 'unknown';
}

/**
 * Form posts, and staff changes sent with the session cookie, must come from our own pages, so
 * other sites cannot post in a visitor's name: Origin must be ours; where a browser sends
 * `Origin: null` (strict referrer policies do) Sec-Fetch-Site must say same-origin; 403 when
 * either names another site. Answers what vouched for the request — 'origin', 'site', or null
 * when neither header came (a very old browser sends neither) — and the caller decides what that
 * is worth: the intakes take a post Origin did not vouch for only with what our own page put in
 * the form (the signed idempotency key, lib/form-keys.ts); a staff change needs one of the two.
 */
export function assertSameOrigin(c: Context): 'origin' | 'site' | null {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  const own = new URL(c.req.url).origin;
  if (origin && origin !== 'null') {
    if (origin !== own) throw crossOrigin();
    return 'origin';
  }
  if (!site) return null;
  if (site !== 'same-origin') throw crossOrigin();
  return 'site';
}

export const crossOrigin = () => new ApiError(403, 'cross_origin', t('err.form.crossOrigin'));

export type RateLimiter = { limit(options: { key: string }): Promise<{ success: boolean }> };

/**
 * The window of the [[ratelimits]] bindings: `simple.period` in wrangler.toml, which says 60
 * for both. Retry-After and the message promise this wait, so change the two together.
 */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/** What a 429 says: too many lookups, submissions or uploads. */
export type LimitMessage = 'err.rate.lookup' | 'err.rate.submit' | 'err.rate.upload' | 'err.rate.signin';

/** 429 with Retry-After when a [[ratelimits]] binding says no. */
export async function enforce(limiter: RateLimiter | undefined, key: string, message: LimitMessage = 'err.rate.lookup'): Promise<void> {
  if (!limiter) return;
  const { success } = await limiter.limit({ key });
  if (!success) {
    const wait = RATE_LIMIT_PERIOD_SECONDS;
    throw new ApiError(429, 'too_many_requests', t(message, { seconds: wait }), {}, { headers: { 'Retry-After': String(wait) } });
  }
}
