/** Dates as YYYY-MM-DD strings, compared as calendar dates (no time zone, no hidden clock). */

export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * Whole years between `birthDate` and `today`: a child born 2008-03-01 is 18 on 2026-03-01.
 * A child born on 29 February turns a year older on 1 March in common years.
 */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/**
 * The oldest anyone a birth date is asked for can be, in years: the programme follows
 * children, and young adults a little past 18 (孤儿成年后住房保障, those still at school);
 * an older date is a typo (1800, 1015), never a child (issue 17: 0 to 25 years before today).
 */
export const OLDEST_BIRTH_YEARS = 25;

/** The earliest birth date taken on `today`: OLDEST_BIRTH_YEARS before it (29 February → 1 March). */
export function earliestBirthDate(today: string): string {
  return birthdayAt(today, -OLDEST_BIRTH_YEARS);
}

/** Today's date in China (UTC+8), for callers that have no date of their own. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** The same day `months` later (or earlier, if negative); the 31st becomes the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** The day a child turns `years` old, as ageOn counts it (29 February → 1 March in common years). */
export function birthdayAt(birthDate: string, years: number): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y + years, m - 1, d));
  return day.toISOString().slice(0, 10);
}
