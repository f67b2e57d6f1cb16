/**
 * When a message may go: quiet hours (22:00–08:00 China time by default, for anything not
 * urgent), the per-phone daily cap, and the retry backoff. Pure functions of a clock passed in,
 * so the tests can set the hour. China has one time zone and no daylight saving: UTC+8.
 */
import type { Env } from '../../env.ts';

const CHINA_OFFSET = 8 * 3_600_000;
const DAY = 86_400_000;
const MINUTE = 60_000;

/** Midnight China time of the day `now` falls in. */
export function chinaDayStart(now: number): number {
  return Math.floor((now + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET;
}

export function nextChinaDay(now: number): number {
  return chinaDayStart(now) + DAY;
}

/** Minutes since midnight, China time. */
const chinaMinutes = (now: number) => Math.floor((now - chinaDayStart(now)) / MINUTE);

export interface QuietHours {
  /** Minutes since midnight, China time. */
  start: number;
  end: number;
}

const DEFAULT_QUIET = '22:00-08:00';

function parseQuiet(spec: string): QuietHours | undefined {
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(spec);
  if (!m) return undefined;
  const [sh, sm, eh, em] = m.slice(1).map(Number) as [number, number, number, number];
  if (sh > 23 || eh > 23 || sm > 59 || em > 59) return undefined;
  return { start: sh * 60 + sm, end: eh * 60 + em };
}

/** SMS_QUIET_HOURS: `22:00-08:00` (the default, also for anything unreadable: quiet is the safe side) or `off`. */
export function quietHours(env: Pick<Env, 'SMS_QUIET_HOURS'>): QuietHours | null {
  const spec = env.SMS_QUIET_HOURS?.trim() || DEFAULT_QUIET;
  if (spec === 'off') return null;
  return parseQuiet(spec) ?? parseQuiet(DEFAULT_QUIET)!;
}

/** The end of the quiet hours `now` falls in, or null when it is not in them. */
export function quietUntil(now: number, quiet: QuietHours | null): number | null {
  if (!quiet || quiet.start === quiet.end) return null;
  const m = chinaMinutes(now);
  const inside = quiet.start > quiet.end ? m >= quiet.start || m < quiet.end : m >= quiet.start && m < quiet.end;
  if (!inside) return null;
  const end = chinaDayStart(now) + quiet.end * MINUTE;
  return end > now ? end : end + DAY;
}

/**
 * SMS_DAILY_CAP, 10 by default: the carriers' limit on non-marketing messages to one number a day
 * (Tencent's SMS FAQ, https://cloud.tencent.com/document/faq/382/13303: 「运营商限频规则：同一号码
 * 非营销短信10条/天」), so the portal stays under it, and nobody can flood a phone through it.
 */
export function dailyCap(env: Pick<Env, 'SMS_DAILY_CAP'>): number {
  const n = Number(env.SMS_DAILY_CAP);
  return Number.isInteger(n) && n > 0 ? n : 10;
}

/** SMS_RETRY_BASE_SECONDS (60 by default), doubled for each try already made, at most an hour. */
export function retryDelaySeconds(env: Pick<Env, 'SMS_RETRY_BASE_SECONDS'>, attempts: number): number {
  const raw = env.SMS_RETRY_BASE_SECONDS;
  const base = raw !== undefined && raw !== '' && Number.isFinite(Number(raw)) && Number(raw) >= 0 ? Number(raw) : 60;
  return Math.min(3600, Math.round(base * 2 ** Math.max(0, attempts - 1)));
}
