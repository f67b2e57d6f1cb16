/**
 * Staff accounts, as the console's API (worker/services/staff/accounts.ts) and the command line
 * (worker/cli/staff.ts) both create them. The CLI runs this under plain `node`, so: erasable
 * TypeScript only, and .ts import paths.
 */
import { t } from '../i18n/index.ts';
import county from '#content/county.ts';
import { DEPARTMENT_KEYS, departmentName, type DepartmentKey } from './departments.ts';
import type { StaffRole } from './staff-roles.ts';
import { coveredTownships, EVERY_TOWNSHIP } from './township-scope.ts';

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
const ALL = [EVERY_TOWNSHIP, 'all', '全部'];

/** Township ids or names, or 「all」 → the ids to store ([EVERY_TOWNSHIP] for all); the ones not recognised are listed. */
export function resolveTownships(input: readonly string[]): { ids: string[]; unknown: string[] } {
  if (input.some((t) => ALL.includes(t))) return { ids: [EVERY_TOWNSHIP], unknown: [] };
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
  return t('domain.staffAccount.unknownTownships', {
    unknown: unknown.join('、'),
    choices: county.townships.map((x) => x.name).join('、'),
  });
}

/** A department account's department, by key (education) or by name (县教育局, 教育局); null when not recognised. */
export function resolveDepartment(input: string): DepartmentKey | null {
  const t = input.trim();
  if ((DEPARTMENT_KEYS as readonly string[]).includes(t)) return t as DepartmentKey;
  const byName = DEPARTMENT_KEYS.find((k) => departmentName(k, county.level) === t || departmentName(k, '') === t.replace(/^[县区市]/, ''));
  return byName ?? null;
}

export function unknownDepartmentMessage(input: string): string {
  return t('domain.staffAccount.unknownDepartment', {
    input,
    choices: DEPARTMENT_KEYS.map((k) => `${k}（${departmentName(k, county.level)}）`).join('、'),
  });
}

/** A 儿童主任's villages, each in one of the account's townships; the ones not found are listed. */
export function resolveVillages(townships: readonly string[], input: readonly string[]): { villages: string[]; unknown: string[] } {
  const allowed = coveredTownships(townships, county.townships).flatMap((t) => t.villages);
  return { villages: input.filter((v) => allowed.includes(v)), unknown: input.filter((v) => !allowed.includes(v)) };
}

/**
 * What a role needs besides its townships: a department account names its department; the
 * others have none. Answers the problem in plain words, or null.
 */
export function accountProblem(role: StaffRole, department: string | null): string | null {
  if (role === 'department' && !department) return t('domain.staffAccount.departmentMissing');
  if (role !== 'department' && department) return t('domain.staffAccount.departmentNotAllowed');
  return null;
}
