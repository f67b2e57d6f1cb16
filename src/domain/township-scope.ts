/**
 * Which townships a staff member works in, as their account stores it: township ids, or
 * EVERY_TOWNSHIP alone for a county-wide account. The Worker's scope checks
 * (worker/lib/staff-auth.ts), the accounts (staff-accounts.ts) and the console's filters
 * (src/staff/context.ts) all read it through these two.
 */
export const EVERY_TOWNSHIP = '*';

export const coversTownship = (townships: readonly string[], id: string): boolean =>
  townships.includes(EVERY_TOWNSHIP) || townships.includes(id);

/** Of the county's townships, the ones an account's townships cover, in the county's order. */
export function coveredTownships<T extends { id: string }>(townships: readonly string[], county: readonly T[]): T[] {
  return county.filter((t) => coversTownship(townships, t.id));
}
