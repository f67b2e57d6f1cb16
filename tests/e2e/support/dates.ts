/** Dates as the portal shows and takes them: China's day (UTC+8), whatever the test machine's time zone. */
import { todayInChina } from '#src/eligibility/age.ts';

/** China's date `days` after today (before it, if negative), as a date input takes it. */
export function dayInChina(days: number): string {
  return todayInChina(new Date(Date.now() + days * 86_400_000));
}
