/**
 * Applications for staff: list them within their townships, read one (decrypted, audited),
 * and move it through 认定审核. Each application belongs to its child's file (cases.ts),
 * where visits, risk levels and pairings are kept.
 */
import { eq } from 'drizzle-orm';
import { APPLICATION_MODEL, type ApplicationStatus } from '#src/domain/application-status.ts';
import { can } from '#src/domain/staff-roles.ts';
import { allowedMoves, statusLabel } from '#src/domain/status-model.ts';
import county from '#content/county.ts';
import { deptName } from '#src/config/county-schema.ts';
import { applications, cases } from '../../db/schema.ts';
import type { StaffContext } from '../../env.ts';
import { decryptOrNull } from '../../lib/crypto.ts';
import { audit } from '../../lib/staff-auth.ts';
import { entitlementTitle } from '../../lib/labels.ts';
import { t } from '#src/i18n/index.ts';
import { invalid } from '../../lib/validate.ts';
import { applyStaffMove, checkStaffMove, listRecords, refuseMove, scopedRecord, staffTimeline, type RecordFilters } from './status.ts';

export async function listApplications(ctx: StaffContext, f: RecordFilters) {
  const rows = await listRecords(ctx, 'application', f, t('api.staff.adminNoCases'), (db) =>
    db
      .select({
        reference: applications.reference,
        status: applications.status,
        township: applications.township,
        village: applications.village,
        entitlements: applications.entitlements,
        prescreenMatches: applications.prescreenMatches,
        caseReference: cases.reference,
        createdAt: applications.createdAt,
      })
      .from(applications)
      .leftJoin(cases, eq(cases.id, applications.caseId))
      .$dynamic(),
  );
  return rows.map((r) => ({
    ...r,
    statusLabel: statusLabel(APPLICATION_MODEL, r.status),
    entitlements: (JSON.parse(r.entitlements) as string[]).map((slug) => ({ slug, title: entitlementTitle(slug) })),
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

interface Personal {
  applicant: { name: string; relationship: string; phone: string };
  child: { name: string; birthDate: string; idNumber?: string };
  address: string;
  circumstances: string;
}

/** One application, decrypted. The ID number and the checker's answers stay with the roles that may see them. */
export async function readApplication(ctx: StaffContext, reference: string) {
  const { env, db, member } = ctx;
  const row = await scopedRecord(ctx, 'application', reference, 'read');
  const seeAll = can(member.role, 'seeIdNumbers');
  const personal = await decryptOrNull<Personal>(env.DATA_KEY, 'applications.personal_enc', row.reference, row.personalEnc);
  const screening = seeAll
    ? await decryptOrNull<unknown>(env.DATA_KEY, 'applications.screening_enc', row.reference, row.screeningEnc)
    : null;
  if (personal && !seeAll) delete personal.child.idNumber;
  const [file] = row.caseId ? await db.select({ reference: cases.reference }).from(cases).where(eq(cases.id, row.caseId)) : [];
  await audit(ctx, { action: 'read', recordKind: 'application', recordRef: row.reference, outcome: 'ok' });
  return {
    reference: row.reference,
    caseReference: file?.reference ?? null,
    status: row.status,
    statusLabel: statusLabel(APPLICATION_MODEL, row.status),
    township: row.township,
    village: row.village,
    entitlements: (JSON.parse(row.entitlements) as string[]).map((slug) => ({ slug, title: entitlementTitle(slug) })),
    prescreenMatches: row.prescreenMatches,
    personal,
    purged: row.purgedAt !== null,
    screening,
    resumeStatus: row.resumeStatus,
    allowed: allowedMoves(APPLICATION_MODEL, row.status as ApplicationStatus, member.role, row.resumeStatus as ApplicationStatus | null),
    timeline: await staffTimeline(ctx, 'application', row),
  };
}

/**
 * Moves an application through 认定审核, as the status model and the member's role allow. A
 * move to 需补充材料 may name the checklist items asked for (`items`): the family sees them on
 * /status/, and the application comes back by itself once every one has been uploaded.
 */
export async function transitionApplication(
  ctx: StaffContext,
  reference: string,
  body: { to: string; publicNote?: string; internalNote?: string; reason?: string; items?: string[] },
) {
  const row = await scopedRecord(ctx, 'application', reference, 'transition');
  await checkStaffMove(ctx, 'application', row, body, {
    denied: t('api.staff.decideOnly', { dept: deptName(county, 'civilAffairs') }),
    reasonField: 'reason',
    reasonMissing: t('api.staff.decisionReason'),
  });
  if (body.items?.length && body.to !== 'needs_info')
    await refuseMove(
      ctx,
      'application',
      row.reference,
      'items without needs_info',
      invalid({ items: t('files.err.itemsWithoutNeedsInfo') }),
    );
  // needs_info remembers the step it interrupted; leaving it forgets that again.
  const set: Record<string, string | null> = {};
  if (body.to === 'needs_info') set.resume_status = row.status;
  if (row.status === 'needs_info') set.resume_status = null;
  const { items, ...move } = body;
  return applyStaffMove(ctx, 'application', row, {
    ...move,
    set,
    items,
    after: materialRequestStatements(ctx, row, body.to, items ?? []),
  });
}

/**
 * The requests of a move, for its batch (each held to the move's event having been written):
 * into needs_info, one open request per item asked for; out of it by staff, the ones still
 * open are closed (the office has what it needs, or asks again).
 */
function materialRequestStatements(
  ctx: StaffContext,
  row: { id: number; status: string },
  to: string,
  items: string[],
): D1PreparedStatement[] {
  const { env, member, now } = ctx;
  if (to === 'needs_info' && items.length)
    return [
      env.DB.prepare(
        `INSERT INTO material_requests (application_id, item, staff_id, requested_at)
         SELECT ?, value, ?, ? FROM json_each(?) WHERE changes() = 1`,
      ).bind(row.id, member.id, now, JSON.stringify([...new Set(items)])),
    ];
  if (row.status === 'needs_info')
    return [
      env.DB.prepare(
        'UPDATE material_requests SET closed_at = ? WHERE application_id = ? AND received_at IS NULL AND closed_at IS NULL AND changes() = 1',
      ).bind(now, row.id),
    ];
  return [];
}
