import type { Context } from 'hono';
import { t } from '#src/i18n/index.ts';
import { ApiError } from './errors.ts';

/** The caller's address (Cloudflare sets CF-Connecting-IP; wrangler dev does too). */
export function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? 'unknown';
}

/**
 * Form posts must come from our own pages, so other sites cannot post into the portal in a
 * visitor's name. Origin must be ours; where a browser sends `Origin: null` (strict referrer
 * policies do) Sec-Fetch-Site must say same-origin. True when Origin itself says ours; a post
 * without it (a very old browser sends neither) is taken only with what our own page put in
 * the form: the intakes ask for the signed idempotency key (lib/form-keys.ts).
 */
export function assertSameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  const own = new URL(c.req.url).origin;
  const ok = origin && origin !== 'null' ? origin === own : site ? site === 'same-origin' : true;
  if (!ok) throw crossOrigin();
  return origin === own;
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
