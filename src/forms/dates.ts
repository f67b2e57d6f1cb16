/**
 * A date typed in three boxes, 年/月/日. No DOM here: the checker's form reader runs in the
 * Worker too (a form posted without JavaScript).
 */
import { earliestBirthDate, isRealDate } from '../eligibility/age.ts';

export interface DateMessages {
  missing: string;
  unreal: string;
  future: string;
  /** Before earliestBirthDate: a birth date too far back to be a child's. */
  tooOld: string;
}

/** YYYY-MM-DD from the three boxes, or undefined while they do not hold a whole date. */
export function isoFromParts(y: string, m: string, d: string): string | undefined {
  if (!/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d)) return undefined;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** A problem with the three boxes, or null when the date is real, not in the future and not too far back. */
export function dateProblem(y: string, m: string, d: string, today: string, messages: DateMessages): string | null {
  const iso = isoFromParts(y, m, d);
  if (iso === undefined) return messages.missing;
  if (!isRealDate(iso)) return messages.unreal;
  if (iso > today) return messages.future;
  if (iso < earliestBirthDate(today)) return messages.tooOld;
  return null;
}
