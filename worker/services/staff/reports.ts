/**
 * Reports of children at risk, for staff: triage (assign a township, link to a case or open
 * a new one), the verification visit, and closing. A report's content is read only here.
 */
import { eq } from 'drizzle-orm';
import { REPORT_CATEGORIES, REPORT_MODEL, type ReportStatus } from '#src/domain/report-status.ts';
import { newReference } from '#src/domain/reference-code.ts';

import { allowedMoves, statusLabel } from '#src/domain/status-model.ts';
import county from '#content/county.ts';
import { cases, reports } from '../../db/schema.ts';
import type { StaffContext } from '../../env.ts';
import { decryptOrNull, encryptJson } from '../../lib/crypto.ts';
import { ApiError } from '../../lib/errors.ts';
import { audit, deny, inScope } from '../../lib/staff-auth.ts';
import { invalid } from '../../lib/validate.ts';
import { openCaseStatements } from '../case-files.ts';
import { resolveCase } from './case-scope.ts';
import { applyStaffMove, checkStaffMove, listRecords, scopedRecord, staffTimeline, type RecordFilters } from './status.ts';
import { t } from '#src/i18n/index.ts';

const label = (s: string) => statusLabel(REPORT_MODEL, s);

export async function listReports(ctx: StaffContext, f: Omit<RecordFilters, 'township'>) {
  const rows = await listRecords(ctx, 'report', f, t('api.staff.adminNoReports'), (db) =>
    db
      .select({
        reference: reports.reference,
        status: reports.status,
        township: reports.township,
        village: reports.village,
        categories: reports.categories,
        ageBand: reports.ageBand,
        inDanger: reports.inDanger,
        reporterRole: reports.reporterRole,
        createdAt: reports.createdAt,
      })
      .from(reports)
      .$dynamic(),
  );
  return rows.map((r) => ({
    ...r,
    statusLabel: label(r.status),
    categories: (JSON.parse(r.categories) as (keyof typeof REPORT_CATEGORIES)[]).map((c) => REPORT_CATEGORIES[c] ?? c),
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

export async function readReport(ctx: StaffContext, reference: string) {
  const { env, db, member } = ctx;
  const row = await scopedRecord(ctx, 'report', reference, 'read');
  const personal = await decryptOrNull<{
    description: string;
    place: string;
    contact: { name: string | null; phone: string | null } | null;
  }>(env.DATA_KEY, 'reports.personal_enc', row.reference, row.personalEnc);
  const [linked] = row.caseId ? await db.select({ reference: cases.reference }).from(cases).where(eq(cases.id, row.caseId)) : [];
  await audit(ctx, { action: 'read', recordKind: 'report', recordRef: reference, outcome: 'ok' });
  return {
    reference: row.reference,
    status: row.status,
    statusLabel: label(row.status),
    township: row.township,
    village: row.village,
    categories: JSON.parse(row.categories) as string[],
    ageBand: row.ageBand,
    inDanger: row.inDanger,
    reporterRole: row.reporterRole,
    personal,
    linkedCase: linked?.reference ?? null,
    // Triage has its own form (township, case); the other moves are offered here.
    allowed: allowedMoves(REPORT_MODEL, row.status as ReportStatus, member.role).filter((m) => m.to !== 'triaged'),
    timeline: await staffTimeline(ctx, 'report', row),
  };
}

/** A report's notes are internal; a close without verification needs one as its reason. */
async function move(
  ctx: StaffContext,
  row: typeof reports.$inferSelect,
  to: ReportStatus,
  internalNote: string | undefined,
  set: Record<string, string | number | null> = {},
) {
  const change = { to, reason: internalNote, internalNote, set };
  await checkStaffMove(ctx, 'report', row, change, {
    denied: t('api.staff.roleCannot'),
    reasonField: 'internalNote',
    reasonMissing: t('api.staff.reportCloseReason'),
  });
  return applyStaffMove(ctx, 'report', row, change);
}

/**
 * Triage: the report goes to a township (which must be in the member's scope), linked to the
 * child's file (C-, or an application's A-) or to a new file opened from it. A new file is
 * 待核实 with what is known — the township, the village if the reporter knew it — and no
 * made-up name: the report stays the record of what was seen.
 */
export async function triageReport(
  ctx: StaffContext,
  reference: string,
  body: { township: string; case?: string; application?: string; newCase: boolean; internalNote?: string },
) {
  const { env, db, member } = ctx;
  const row = await scopedRecord(ctx, 'report', reference, 'triage');
  const town = county.townships.find((t) => t.id === body.township);
  if (!town) throw invalid({ township: t('err.place.township') });
  if (!inScope(member, body.township))
    await deny(ctx, { action: 'triage', recordKind: 'report', recordRef: reference, detail: `to ${body.township}` });
  const link = body.case ?? body.application;
  if (link && body.newCase) throw invalid({ case: t('api.staff.linkOrNew') });
  let caseRef: string | null = null;
  let caseId: number | null = null;
  if (link) {
    const linked = await resolveCase(ctx, link, 'triage');
    [caseRef, caseId] = [linked.reference, linked.id];
  }
  if (body.newCase) {
    caseRef = newReference('case');
    const village = row.township === body.township && town.villages.includes(row.village) ? row.village : null;
    await db.batch(
      (await openCaseStatements(env, db, {
        reference: caseRef,
        township: body.township,
        village,
        origin: 'report',
        status: 'unverified',
        personal: { child: {} },
        actor: { kind: 'staff', id: member.id },
      })) as never,
    );
    const [created] = await db.select({ id: cases.id }).from(cases).where(eq(cases.reference, caseRef));
    caseId = created!.id;
    await audit(ctx, { action: 'create-case', recordKind: 'case', recordRef: caseRef, outcome: 'ok', detail: `from ${row.reference}` });
  }
  const result = await move(ctx, row, 'triaged', body.internalNote, {
    township: body.township,
    ...(caseId ? { case_id: caseId } : {}),
  });
  return { ...result, township: body.township, linkedCase: caseRef };
}

export async function transitionReport(ctx: StaffContext, reference: string, body: { to: string; internalNote?: string }) {
  const row = await scopedRecord(ctx, 'report', reference, 'transition');
  if (body.to === 'triaged') throw new ApiError(409, 'not_allowed', t('api.staff.triageOnly'));
  return move(ctx, row, body.to as ReportStatus, body.internalNote);
}
