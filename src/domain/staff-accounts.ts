/**
 * Staff accounts, as the console's API (worker/services/staff/accounts.ts) and the command line
 * (worker/cli/staff.ts) both create them. The CLI runs this under plain `node`, so: erasable
 * TypeScript only, and .ts import paths.
 */
import county from '../../content/county.ts';

const DAY = 24 * 60 * 60 * 1000;

/** How long a new account's token is valid, in days: short by default, at most a year. */
export const ACCOUNT_DAYS = { min: 1, max: 366, default: 90 } as const;

export function isAccountDays(days: number): boolean {
  return Number.isInteger(days) && days >= ACCOUNT_DAYS.min && days <= ACCOUNT_DAYS.max;
}

/** When an account made at `now` for `days` days runs out (epoch ms). */
export function accountExpiry(now: number, days: number): number {
  return now + days * DAY;
}

/** The words that give an account every township. */
const ALL = ['*', 'all', '全部'];

/** Township ids or names, or 「all」 → the ids to store (['*'] for all); the ones not recognised are listed. */
export function resolveTownships(input: readonly string[]): { ids: string[]; unknown: string[] } {
  if (input.some((t) => ALL.includes(t))) return { ids: ['*'], unknown: [] };
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const t of input) {
    const id = county.townships.find((x) => x.id === t || x.name === t)?.id;
    if (id) ids.push(id);
    else unknown.push(t);
  }
  return { ids: [...new Set(ids)], unknown };
}

export function unknownTownshipsMessage(unknown: readonly string[]): string {
  return `不认识的乡镇（街道）：${unknown.join('、')}。可选：${county.townships.map((x) => x.name).join('、')}，或 all`;
}
