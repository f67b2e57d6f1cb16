import type { Context } from 'hono';
import { ApiError } from './errors.ts';

/** The caller's address (Cloudflare sets CF-Connecting-IP; wrangler dev does too). */
export function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? 'unknown';
}

/**
 * Form posts must come from our own pages, so other sites cannot post into the portal in a
 * visitor's name. Origin must be ours; where a browser sends `Origin: null` (strict referrer
 * policies do) Sec-Fetch-Site must say same-origin. A very old browser that sends neither is
 * let through: the form is public and Turnstile guards it in production.
 */
export function assertSameOrigin(c: Context): void {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  const own = new URL(c.req.url).origin;
  const ok = origin && origin !== 'null' ? origin === own : site ? site === 'same-origin' : true;
  if (!ok) throw new ApiError(403, 'cross_origin', '请从本网站的页面提交表单。');
}

export type RateLimiter = { limit(options: { key: string }): Promise<{ success: boolean }> };

/**
 * The window of the [[ratelimits]] bindings: `simple.period` in wrangler.toml, which says 60
 * for both. Retry-After and the message promise this wait, so change the two together.
 */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/** 429 with Retry-After when a [[ratelimits]] binding says no; `what` is what was done too often. */
export async function enforce(limiter: RateLimiter | undefined, key: string, what = '查询'): Promise<void> {
  if (!limiter) return;
  const { success } = await limiter.limit({ key });
  if (!success) {
    const wait = RATE_LIMIT_PERIOD_SECONDS;
    throw new ApiError(
      429,
      'too_many_requests',
      `${what}太频繁了，请 ${wait} 秒后再试。`,
      {},
      { headers: { 'Retry-After': String(wait) } },
    );
  }
}
