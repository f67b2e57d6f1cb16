/**
 * Which child's files a member may work on: a case role, the file in their townships (and a
 * 儿童主任's villages). Outside the scope a file answers as if it did not exist (404, audited),
 * so a reference tells nothing about a child in another township.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { applications, cases, reports } from '../../db/schema.ts';
import type { StaffContext } from '../../env.ts';
import { ApiError } from '../../lib/errors.ts';
import { audit, inScope, requireCapability } from '../../lib/staff-auth.ts';
import { keptCase } from '../case-files.ts';
import { t } from '#src/i18n/index.ts';

export type CaseRow = typeof cases.$inferSelect;

/**
 * A file the member may work on: a case role, the file exists, its township is in scope.
 * Outside the scope it answers as if there were no such file (404, audited), so a reference
 * tells nothing about a child in another township.
 */
export async function scopedCaseFile(ctx: StaffContext, reference: string, action: string): Promise<CaseRow> {
  const { db } = ctx;
  await requireCapability(ctx, 'workOnRecords', { action, recordKind: 'case', recordRef: reference }, t('api.staff.adminNoCases'));
  const [row] = await db.select().from(cases).where(eq(cases.reference, reference)).limit(1);
  if (row && fileInScope(ctx, row)) return row;
  if (row) await audit(ctx, { action, recordKind: 'case', recordRef: reference, outcome: 'denied' });
  throw new ApiError(404, 'not_found', t('api.staff.noCase'));
}

/** Whether a file is the member's to see: its township, and its village for an account limited to villages. */
export function fileInScope(ctx: StaffContext, file: { township: string; village: string | null }): boolean {
  return inScope(ctx.member, file.township) && villageInScope(ctx, file.village);
}

/** A 儿童主任 scoped to villages sees only those; everyone else their townships' villages. */
export function villageInScope(ctx: StaffContext, village: string | null): boolean {
  const villages = ctx.member.villages;
  return !villages || village === null || villages.includes(village);
}

/** The file a reference leads to: a case's own (C-), an application's (A-) or a triaged report's (R-). */
export async function caseIdOfReference(db: Database, reference: string): Promise<number | null> {
  if (reference.startsWith('C-'))
    return (await db.select({ id: cases.id }).from(cases).where(eq(cases.reference, reference)))[0]?.id ?? null;
  if (reference.startsWith('A-'))
    return (await db.select({ id: applications.caseId }).from(applications).where(eq(applications.reference, reference)))[0]?.id ?? null;
  if (reference.startsWith('R-'))
    return (await db.select({ id: reports.caseId }).from(reports).where(eq(reports.reference, reference)))[0]?.id ?? null;
  return null;
}

/** A file by its own reference or by one of its applications', followed to the file that is kept. */
export async function resolveCase(ctx: StaffContext, reference: string, action: string): Promise<CaseRow> {
  const id = await caseIdOfReference(ctx.db, reference);
  const kept = id === null ? null : await keptCase(ctx.db, id);
  if (!kept) throw new ApiError(404, 'not_found', t('api.staff.noCase'));
  return scopedCaseFile(ctx, kept.reference, action);
}
