/**
 * What case workers do with applications: list them within their townships, read one
 * (decrypted, audited), move it through 认定审核, set its risk level and record visits.
 * Every function takes `now`, so the visit schedule can be tested with a fixed clock.
 */
import { and, asc, desc, eq, inArray, lt, notInArray, sql } from 'drizzle-orm';
import { APPLICATION_MODEL, CLOSED_APPLICATION_STATUSES, type ApplicationStatus } from '../../../src/domain/application-status.ts';
import { nextVisitDue, RISK_LEVELS, type RiskLevel } from '../../../src/domain/risk-levels.ts';
import { CASE_ROLES } from '../../../src/domain/staff-roles.ts';
import { allowedMoves, statusLabel } from '../../../src/domain/status-model.ts';
import county from '../../../content/county.ts';
import { deptName } from '../../../src/config/county-schema.ts';
import type { Database } from '../../db/client.ts';
import { applications, pairings, riskAssessments, staff, visits, volunteers } from '../../db/schema.ts';
import type { Env, StaffMember } from '../../env.ts';
import { decryptJson, encryptJson } from '../../lib/crypto.ts';
import { audit, deny, scopeOf, scoped } from '../../lib/staff-auth.ts';
import { invalid } from '../../lib/validate.ts';
import { applyStaffMove, checkStaffMove, staffTimeline } from './status.ts';

const CLOSED = CLOSED_APPLICATION_STATUSES;

/** A visit is overdue when its date has passed on a case that is still open. */
const overdue = (c: { status: string; nextVisitDue: number | null }, now: number) =>
  c.nextVisitDue !== null && c.nextVisitDue < now && !CLOSED.includes(c.status as ApplicationStatus);

export interface CaseFilters {
  status?: string;
  township?: string;
  risk?: string;
  overdue?: boolean;
  limit: number;
  offset: number;
}

export async function listCases(db: Database, member: StaffMember, f: CaseFilters, now: number) {
  if (!CASE_ROLES.includes(member.role)) await deny(db, member, { action: 'list', recordKind: 'application' }, '管理员账号不查看个案。');
  const scope = scopeOf(member);
  if (f.township && !scope.includes(f.township))
    await deny(db, member, { action: 'list', recordKind: 'application', detail: `township=${f.township}` });
  const where = [
    inArray(applications.township, f.township ? [f.township] : scope),
    f.status ? eq(applications.status, f.status) : undefined,
    f.risk ? eq(applications.riskLevel, f.risk) : undefined,
    f.overdue ? and(lt(applications.nextVisitDue, now), notInArray(applications.status, CLOSED)) : undefined,
  ].filter(Boolean);
  const rows = await db
    .select({
      reference: applications.reference,
      status: applications.status,
      township: applications.township,
      village: applications.village,
      entitlements: applications.entitlements,
      prescreenMatches: applications.prescreenMatches,
      riskLevel: applications.riskLevel,
      nextVisitDue: applications.nextVisitDue,
      createdAt: applications.createdAt,
    })
    .from(applications)
    .where(and(...where))
    .orderBy(f.overdue ? asc(applications.nextVisitDue) : desc(applications.id))
    .limit(f.limit)
    .offset(f.offset);
  await audit(db, member, { action: 'list', recordKind: 'application', outcome: 'ok', detail: `${rows.length} rows` });
  return rows.map((r) => ({
    ...r,
    statusLabel: statusLabel(APPLICATION_MODEL, r.status),
    entitlements: JSON.parse(r.entitlements) as string[],
    riskLabel: r.riskLevel ? RISK_LEVELS[r.riskLevel as RiskLevel].label : null,
    nextVisitDue: r.nextVisitDue ? new Date(r.nextVisitDue).toISOString() : null,
    overdue: overdue(r, now),
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

/** The row, if the member's townships include it; otherwise 403 (audited) or 404. */
export function scopedCase(db: Database, member: StaffMember, reference: string, action: string) {
  return scoped(
    db,
    member,
    'application',
    reference,
    action,
    async () => (await db.select().from(applications).where(eq(applications.reference, reference)).limit(1))[0],
  );
}

interface Personal {
  applicant: { name: string; relationship: string; phone: string };
  child: { name: string; birthDate: string; idNumber?: string };
  address: string;
  circumstances: string;
  source?: { report: string };
}

/** One case, decrypted. A village 儿童主任 sees what visits need; the ID number and the screening answers stay with township and county. */
export async function readCase(env: Env, db: Database, member: StaffMember, reference: string, now: number) {
  const row = await scopedCase(db, member, reference, 'read');
  const personal = row.personalEnc ? await decryptJson<Personal>(env.DATA_KEY, row.reference, row.personalEnc) : null;
  const screening =
    row.screeningEnc && member.role !== 'village' ? await decryptJson<unknown>(env.DATA_KEY, row.reference, row.screeningEnc) : null;
  if (personal && member.role === 'village') delete personal.child.idNumber;

  const dec = (text: string | null) => (text ? decryptJson<string>(env.DATA_KEY, row.reference, text) : Promise.resolve(null));
  const risks = await db
    .select({ level: riskAssessments.level, reason: riskAssessments.reasonEnc, at: riskAssessments.at, by: staff.name })
    .from(riskAssessments)
    .leftJoin(staff, eq(staff.id, riskAssessments.staffId))
    .where(eq(riskAssessments.applicationId, row.id))
    .orderBy(desc(riskAssessments.id));
  const visitRows = await db
    .select({ visitedAt: visits.visitedAt, findings: visits.findingsEnc, by: staff.name })
    .from(visits)
    .leftJoin(staff, eq(staff.id, visits.staffId))
    .where(eq(visits.applicationId, row.id))
    .orderBy(desc(visits.visitedAt));
  const [pairing] = await db
    .select({
      id: pairings.id,
      volunteer: volunteers.reference,
      role: volunteers.role,
      startedAt: pairings.startedAt,
      lastContactAt: pairings.lastContactAt,
    })
    .from(pairings)
    .innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
    .where(and(eq(pairings.applicationId, row.id), sql`${pairings.endedAt} IS NULL`))
    .limit(1);
  await audit(db, member, { action: 'read', recordKind: 'application', recordRef: row.reference, outcome: 'ok' });
  return {
    reference: row.reference,
    status: row.status,
    statusLabel: statusLabel(APPLICATION_MODEL, row.status),
    township: row.township,
    village: row.village,
    entitlements: JSON.parse(row.entitlements) as string[],
    prescreenMatches: row.prescreenMatches,
    personal,
    purged: row.purgedAt !== null,
    screening,
    riskLevel: row.riskLevel,
    nextVisitDue: row.nextVisitDue ? new Date(row.nextVisitDue).toISOString() : null,
    overdue: overdue(row, now),
    lastVisitAt: row.lastVisitAt ? new Date(row.lastVisitAt).toISOString() : null,
    resumeStatus: row.resumeStatus,
    allowed: allowedMoves(APPLICATION_MODEL, row.status as ApplicationStatus, member.role, row.resumeStatus as ApplicationStatus | null),
    timeline: await staffTimeline(env, db, 'application', row),
    risks: await Promise.all(
      risks.map(async (r) => ({
        level: r.level,
        label: RISK_LEVELS[r.level as RiskLevel].label,
        reason: await dec(r.reason),
        at: new Date(r.at).toISOString(),
        by: r.by,
      })),
    ),
    visits: await Promise.all(
      visitRows.map(async (v) => ({ visitedAt: new Date(v.visitedAt).toISOString(), findings: await dec(v.findings), by: v.by })),
    ),
    pairing: pairing
      ? {
          ...pairing,
          startedAt: new Date(pairing.startedAt).toISOString(),
          lastContactAt: pairing.lastContactAt ? new Date(pairing.lastContactAt).toISOString() : null,
        }
      : null,
  };
}

/** Moves a case through 认定审核, as the status model and the member's role allow. */
export async function transitionCase(
  env: Env,
  db: Database,
  member: StaffMember,
  reference: string,
  body: { to: string; publicNote?: string; internalNote?: string; reason?: string },
) {
  const row = await scopedCase(db, member, reference, 'transition');
  await checkStaffMove(db, member, 'application', row, body, {
    denied: `您的角色不能做这一步（只有${deptName(county, 'civilAffairs')}可以认定或不予认定）。`,
    reasonField: 'reason',
    reasonMissing: '不予认定和需补充材料都要写明原因，原因会告诉申请人',
  });
  // needs_info remembers the step it interrupted; leaving it forgets that again.
  const set: Record<string, string | null> = {};
  if (body.to === 'needs_info') set.resume_status = row.status;
  if (row.status === 'needs_info') set.resume_status = null;
  return applyStaffMove(env, db, member, 'application', row, { ...body, set });
}

/** Sets the risk level and, from its cadence, when the next visit is due. */
export async function setRisk(
  env: Env,
  db: Database,
  member: StaffMember,
  reference: string,
  body: { level: RiskLevel; reason: string },
  now: number,
) {
  const row = await scopedCase(db, member, reference, 'risk');
  const due = nextVisitDue(body.level, new Date(now), county.riskVisitDays)?.getTime() ?? null;
  await db.batch([
    db.update(applications).set({ riskLevel: body.level, nextVisitDue: due, updatedAt: now }).where(eq(applications.id, row.id)),
    db.insert(riskAssessments).values({
      applicationId: row.id,
      level: body.level,
      reasonEnc: await encryptJson(env.DATA_KEY, row.reference, body.reason),
      staffId: member.id,
      at: now,
    }),
  ]);
  // 红色 goes to the county at once (篇二 四(二)4: 立即干预); the county's dashboard lists it.
  await audit(db, member, {
    action: 'risk',
    recordKind: 'application',
    recordRef: reference,
    outcome: 'ok',
    detail: `${row.riskLevel ?? 'none'}→${body.level}`,
  });
  return {
    reference,
    riskLevel: body.level,
    riskLabel: RISK_LEVELS[body.level].label,
    nextVisitDue: due ? new Date(due).toISOString() : null,
    escalated: body.level === 'red',
  };
}

/** Records a home visit; the next one is due a cadence after it. */
export async function recordVisit(
  env: Env,
  db: Database,
  member: StaffMember,
  reference: string,
  body: { visitedAt: number; findings: string },
  now: number,
) {
  const row = await scopedCase(db, member, reference, 'visit');
  if (body.visitedAt > now + 5 * 60_000) throw invalid({ visitedAt: '走访时间不能晚于现在' });
  const last = Math.max(row.lastVisitAt ?? 0, body.visitedAt);
  const due = row.riskLevel ? (nextVisitDue(row.riskLevel as RiskLevel, new Date(last), county.riskVisitDays)?.getTime() ?? null) : null;
  await db.batch([
    db.update(applications).set({ lastVisitAt: last, nextVisitDue: due, updatedAt: now }).where(eq(applications.id, row.id)),
    db.insert(visits).values({
      applicationId: row.id,
      visitedAt: body.visitedAt,
      findingsEnc: await encryptJson(env.DATA_KEY, row.reference, body.findings),
      staffId: member.id,
    }),
  ]);
  await audit(db, member, { action: 'visit', recordKind: 'application', recordRef: reference, outcome: 'ok' });
  return { reference, lastVisitAt: new Date(last).toISOString(), nextVisitDue: due ? new Date(due).toISOString() : null };
}
