/**
 * Who works in the console: 村/社区儿童主任 (village), 乡镇/街道 (township), 县民政局
 * (county), and the account administrator, who manages accounts and sees no records.
 */
export const STAFF_ROLES = ['village', 'township', 'county', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Roles that work on cases, volunteers and reports. */
export const CASE_ROLES: readonly StaffRole[] = ['village', 'township', 'county'];

/** Roles that triage reports, screen volunteers, record background checks and arrange pairings. */
export const MANAGING_ROLES: readonly StaffRole[] = ['township', 'county'];

export const canManage = (role: StaffRole): boolean => MANAGING_ROLES.includes(role);
