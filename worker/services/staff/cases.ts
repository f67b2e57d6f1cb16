/**
 * The child's file for staff (一人一档): find a child, open a file, read the whole child on
 * one page, set the risk level and record visits, merge two files of the same child and undo
 * it, and export the files of a scope for reporting upwards.
 */
import { and, asc, desc, eq, inArray, isNotNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { APPLICATION_MODEL } from '#src/domain/application-status.ts';
import { parseStaffQuery } from '#src/domain/blind-index.ts';
import { CASE_MODEL, INACTIVE_CASE_STATUSES, type CaseStatus } from '#src/domain/case-status.ts';
import { newReference } from '#src/domain/reference-code.ts';
import { REPORT_CATEGORIES, REPORT_MODEL } from '#src/domain/report-status.ts';
import { nextVisitDue, RISK_LEVEL_KEYS, RISK_LEVELS, type CountyCadenceLevel, type RiskLevel } from '#src/domain/risk-levels.ts';
import { can } from '#src/domain/staff-roles.ts';
import { DEPARTMENT_KEYS, departmentName, type DepartmentKey } from '#src/domain/departments.ts';
import { allowedMoves, checkTransition, statusLabel } from '#src/domain/status-model.ts';
import { VOLUNTEER_ROLES } from '#src/domain/volunteer-status.ts';
import { t } from '#src/i18n/index.ts';
import county from '#content/county.ts';
import type { Database } from '../../db/client.ts';
import {
  applications,
  batchItems,
  batches,
  caseIndex,
  cases,
  evaluations,
  pairings,
  planItems,
  referrals,
  reports,
  riskAssessments,
  screeningRecords,
  screeningRounds,
  staff,
  statusEvents,
  visits,
  volunteers,
} from '../../db/schema.ts';
import type { StaffContext } from '../../env.ts';
import { blindValue } from '../../lib/blind-index.ts';
import { enforce } from '../../lib/client.ts';
import { decryptOrNull, encryptJson } from '../../lib/crypto.ts';
import type { EncryptedField } from '../../db/encrypted-columns.ts';
import { ApiError } from '../../lib/errors.ts';
import { entitlementTitle, relationshipLabel, targetGroupLabels, townshipName } from '../../lib/labels.ts';
import { audit, deny, inScope, listTownships, requireCapability, scopeOf } from '../../lib/staff-auth.ts';
import { invalid } from '../../lib/validate.ts';
import {
  caseGroup,
  findCase,
  hasPossibleDuplicate,
  indexStatements,
  keptCases,
  openCaseStatements,
  possibleDuplicates,
  readPersonal,
  findableOf,
  type CasePersonal,
} from '../case-files.ts';
import { commitGuarded, isNote, moveStatements } from '../records.ts';
import { afterVisit } from './review.ts';
import { caseIdOfReference, fileInScope, resolveCase, scopedCaseFile, villageInScope } from './case-scope.ts';

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);
const INACTIVE = INACTIVE_CASE_STATUSES as string[];
const DAY = 24 * 60 * 60 * 1000;

const CHINA_SECONDS = 8 * 60 * 60;

/**
 * When the next visit is due after `from` (epoch ms, an SQL expression), in SQL, from the
 * level in the same statement — so a change of level made at the same moment is never
 * missed. The same rule as nextVisitDue (src/domain/risk-levels.ts), which a test compares:
 * 黄 the same day a calendar month later in China (31 January → end of February), 橙 a week
 * later, 蓝 and 红 after the county's days, or never while the county has set none.
 */
function dueAfter(from: SQL): SQL {
  const local = sql`(${from} / 1000 + ${CHINA_SECONDS})`;
  const arms = RISK_LEVEL_KEYS.map((level) => {
    const visit = RISK_LEVELS[level].visit;
    if (visit === 'month') {
      const plusMonth = sql`unixepoch(${local}, 'unixepoch', '+1 month')`;
      const endOfNextMonth = sql`(unixepoch(${local}, 'unixepoch', 'start of month', '+2 months', '-1 day') + ${local} % 86400)`;
      return sql`WHEN ${level} THEN (min(${plusMonth}, ${endOfNextMonth}) - ${CHINA_SECONDS}) * 1000 + ${from} % 1000`;
    }
    if (visit === 'week') return sql`WHEN ${level} THEN ${from} + ${7 * DAY}`;
    const days = county.riskVisitDays[level as CountyCadenceLevel];
    return days == null ? sql`WHEN ${level} THEN NULL` : sql`WHEN ${level} THEN ${from} + ${days * DAY}`;
  });
  return sql`CASE ${cases.riskLevel} ${sql.join(arms, sql` `)} ELSE NULL END`;
}

type CaseRow = typeof cases.$inferSelect;

// --- Finding a child --------------------------------------------------------------------------

export interface CaseQuery {
  q?: string;
  township?: string;
  village?: string;
  status?: string;
  risk?: string;
  overdue?: boolean;
  /** Only files with another in scope that may be the same child (possibleDuplicates). */
  duplicates?: boolean;
  limit: number;
  offset: number;
}

/**
 * The files in the member's scope: searched (by name, phone, ID number or reference, through
 * the blind indexes) or filtered. A search is rate-limited per account and audited without
 * what was typed.
 */
export async function listCaseFiles(ctx: StaffContext, f: CaseQuery) {
  const { env, db, member, now } = ctx;
  await requireCapability(ctx, 'workOnRecords', { action: 'list', recordKind: 'case' }, t('api.staff.adminNoCases'));
  const scope = scopeOf(member);
  const where: (SQL | undefined)[] = [
    inArray(cases.township, await listTownships(ctx, 'case', f.township)),
    member.villages ? inArray(cases.village, member.villages) : undefined,
    f.village ? eq(cases.village, f.village) : undefined,
    f.status ? eq(cases.status, f.status) : notInArray(cases.status, ['merged']),
    f.risk ? eq(cases.riskLevel, f.risk) : undefined,
    f.overdue ? and(lt(cases.nextVisitDue, now), notInArray(cases.status, INACTIVE)) : undefined,
    f.duplicates ? hasPossibleDuplicate({ townships: scope, villages: member.villages ?? null }) : undefined,
  ];
  let searched: string | null = null;
  if (f.q !== undefined && f.q.trim() !== '') {
    const query = parseStaffQuery(f.q);
    if (query.kind === 'tooShort') throw invalid({ q: t('api.case.searchTooShort') });
    // A search held back is a refusal like any other: audited (without what was typed).
    await enforce(env.SEARCH_LIMITER, `staff:${member.id}`).catch(async (limited: unknown) => {
      await audit(ctx, { action: 'search', recordKind: 'case', outcome: 'refused', detail: `by ${query.kind}, rate limited` });
      throw limited;
    });
    searched = query.kind;
    let ids: number[];
    if (query.kind === 'reference') {
      const id = await caseIdOfReference(db, query.value);
      ids = id === null ? [] : [id];
    } else {
      const value = await blindValue(env, query.kind, query.value);
      const hits = await db
        .select({ caseId: caseIndex.caseId })
        .from(caseIndex)
        .where(and(eq(caseIndex.kind, query.kind), eq(caseIndex.value, value), inArray(caseIndex.township, scope)))
        .limit(200);
      ids = hits.map((h) => h.caseId);
    }
    // A hit on a merged file is a hit on the file it was merged into: one lookup for all hits.
    const kept = await keptCases(db, ids);
    where.push(inArray(cases.id, [...new Set([...kept.values()].map((k) => k.id))].concat(-1)));
  }
  const rows = await db
    .select()
    .from(cases)
    .where(and(...where))
    .orderBy(f.overdue ? asc(cases.nextVisitDue) : desc(cases.id))
    .limit(f.limit + 1)
    .offset(f.offset);
  const page = rows.slice(0, f.limit);
  // The query itself never goes into the log: only what kind of thing was looked for.
  await audit(ctx, {
    action: searched ? 'search' : 'list',
    recordKind: 'case',
    outcome: 'ok',
    detail: `${searched ? `by ${searched}, ` : ''}${page.length} rows`,
  });
  return {
    items: await Promise.all(page.map((r) => summary(ctx, r))),
    more: rows.length > f.limit,
    offset: f.offset,
  };
}

/** A file as one line of a list: who the child is, where, how they are doing. */
async function summary(ctx: StaffContext, r: CaseRow) {
  const personal = await readPersonal(ctx.env, r);
  return {
    reference: r.reference,
    status: r.status,
    statusLabel: statusLabel(CASE_MODEL, r.status),
    childName: personal?.child.name ?? null,
    birthDate: personal?.child.birthDate ?? null,
    township: r.township,
    townshipName: townshipName(r.township),
    village: r.village,
    targetGroups: targetGroupLabels(JSON.parse(r.targetGroups) as string[]),
    riskLevel: r.riskLevel,
    riskLabel: r.riskLevel ? RISK_LEVELS[r.riskLevel as RiskLevel].label : null,
    nextVisitDue: iso(r.nextVisitDue),
    overdue: r.nextVisitDue !== null && r.nextVisitDue < ctx.now && !INACTIVE.includes(r.status),
  };
}

// --- Opening a file ---------------------------------------------------------------------------

function checkPlace(township: string, village: string | null): void {
  const town = county.townships.find((t) => t.id === township);
  if (!town) throw invalid({ township: t('err.place.township') });
  if (village !== null && !town.villages.includes(village)) throw invalid({ village: t('err.place.village', { town: town.name }) });
}

/** Staff open a file directly. A child already on file is not filed twice: 409 with the file to open. */
export async function createCaseFile(
  ctx: StaffContext,
  body: {
    child: CasePersonal['child'];
    township: string;
    village: string;
    people?: CasePersonal['people'];
    address?: string;
    targetGroups?: string[];
  },
) {
  const { env, db, member } = ctx;
  checkPlace(body.township, body.village);
  if (!inScope(member, body.township) || !villageInScope(ctx, body.village))
    await deny(ctx, { action: 'create-case', recordKind: 'case', detail: `in ${body.township}` });
  // Only a file the member can see counts: one elsewhere is not named, not even hinted at; the
  // child is filed here and the two show as possible duplicates to whoever sees both.
  const existing = await findCase(env, db, { township: body.township, child: body.child }, (f) => fileInScope(ctx, f));
  if (existing) {
    await audit(ctx, {
      action: 'create-case',
      recordKind: 'case',
      recordRef: existing.reference,
      outcome: 'refused',
      detail: 'already on file',
    });
    throw new ApiError(409, 'already_on_file', t('api.case.alreadyOnFile', { reference: existing.reference }), {
      reference: existing.reference,
    });
  }
  const reference = newReference('case');
  await db.batch(
    (await openCaseStatements(env, db, {
      reference,
      township: body.township,
      village: body.village,
      origin: 'staff',
      personal: { child: body.child, people: body.people, address: body.address },
      targetGroups: body.targetGroups as never,
      actor: { kind: 'staff', id: member.id },
    })) as never,
  );
  await audit(ctx, { action: 'create-case', recordKind: 'case', recordRef: reference, outcome: 'ok' });
  return { reference, status: CASE_MODEL.initial };
}

/** Who the child is, once known (a file opened from a report) or corrected; the file is found by it from then on. */
export async function updateCaseDetails(
  ctx: StaffContext,
  reference: string,
  body: { child: CasePersonal['child']; village?: string; people?: CasePersonal['people']; address?: string },
) {
  const { env, db, member } = ctx;
  const row = await scopedCaseFile(ctx, reference, 'update-case');
  const village = body.village ?? row.village;
  checkPlace(row.township, village);
  const before = (await readPersonal(env, row)) ?? { child: {} };
  const personal: CasePersonal = {
    child: { ...before.child, ...body.child },
    people: body.people ?? before.people,
    address: body.address ?? before.address,
  };
  await db.batch([
    db
      .update(cases)
      .set({ personalEnc: await encryptJson(env.DATA_KEY, 'cases.personal_enc', row.reference, personal), village, updatedAt: ctx.now })
      .where(eq(cases.id, row.id)),
    ...(await indexStatements(env, db, { reference: row.reference, township: row.township }, findableOf(personal))),
  ] as never);
  // A file opened from a report becomes an ordinary one once the child is known.
  if (row.status === 'unverified') {
    await commitGuarded(
      env,
      moveStatements(env.DB, 'case', { id: row.id, from: 'unverified', to: 'open', actorKind: 'staff', actorId: member.id }),
    );
  }
  await audit(ctx, { action: 'update-case', recordKind: 'case', recordRef: reference, outcome: 'ok' });
  return readCaseFile(ctx, reference);
}

/** Closes or reopens a file, as the case model allows (a reason is kept, internal). */
export async function moveCaseFile(ctx: StaffContext, reference: string, body: { to: string; reason?: string }) {
  const { env, member } = ctx;
  const row = await scopedCaseFile(ctx, reference, 'transition');
  const check = checkTransition(CASE_MODEL, {
    from: row.status as CaseStatus,
    to: body.to as CaseStatus,
    actor: member.role,
    reason: body.reason,
  });
  if (!check.ok) {
    await audit(ctx, {
      action: 'transition',
      recordKind: 'case',
      recordRef: reference,
      outcome: 'refused',
      detail: `${row.status}→${body.to}: ${check.why}`,
    });
    if (check.why === 'actor_not_allowed') throw new ApiError(403, 'forbidden', t('api.staff.roleCannot'));
    if (check.why === 'reason_required') throw invalid({ reason: t('api.case.reasonRequired') });
    throw new ApiError(
      409,
      'not_allowed',
      t('api.move.notAllowed', { from: statusLabel(CASE_MODEL, row.status), to: statusLabel(CASE_MODEL, body.to) }),
    );
  }
  await commitGuarded(
    env,
    moveStatements(env.DB, 'case', {
      id: row.id,
      from: row.status,
      to: body.to,
      actorKind: 'staff',
      actorId: member.id,
      internalNoteEnc: body.reason ? await encryptJson(env.DATA_KEY, 'status_events.internal_note_enc', row.reference, body.reason) : null,
    }),
  );
  await audit(ctx, { action: 'transition', recordKind: 'case', recordRef: reference, outcome: 'ok', detail: `${row.status}→${body.to}` });
  return { reference, status: body.to, statusLabel: statusLabel(CASE_MODEL, body.to) };
}

// --- The whole child on one page ----------------------------------------------------------------

interface TimelineEntry {
  at: string;
  /** What happened, in Chinese. */
  what: string;
  detail: string | null;
  by: string | null;
}

/**
 * A file with everything that belongs to the child: the applications and reports, the
 * screening records, visits, risk levels and pairings, and one timeline of it all. A village
 * 儿童主任 sees what visits need; ID numbers stay with township and county.
 */
export async function readCaseFile(ctx: StaffContext, reference: string) {
  const { env, db, member, now } = ctx;
  const row = await scopedCaseFile(ctx, reference, 'read');
  const group = await caseGroup(db, row.id);
  // Files that may be the same child, among those the member sees: for them to check and merge.
  const duplicates =
    row.status === 'merged' ? [] : (await possibleDuplicates(db, group)).filter((f) => fileInScope(ctx, f) && f.id !== row.id);
  const personal = await readPersonal(env, row);
  if (personal && !can(member.role, 'seeIdNumbers')) delete personal.child.idNumber;
  const dec = (field: EncryptedField, text: string | null, context = row.reference) =>
    decryptOrNull<string>(env.DATA_KEY, field, context, text);
  const staffName = new Map((await db.select({ id: staff.id, name: staff.name }).from(staff)).map((s) => [s.id, s.name]));
  const nameOf = (id: number | null) => (id === null ? null : (staffName.get(id) ?? t('api.by.staff')));

  const [apps, reps, shots, visitRows, risks, pairs, events, members] = await Promise.all([
    db.select().from(applications).where(inArray(applications.caseId, group)).orderBy(desc(applications.id)),
    db.select().from(reports).where(inArray(reports.caseId, group)).orderBy(desc(reports.id)),
    db
      .select({ r: screeningRecords, period: screeningRounds.period })
      .from(screeningRecords)
      .innerJoin(screeningRounds, eq(screeningRounds.id, screeningRecords.roundId))
      .where(inArray(screeningRecords.caseId, group))
      .orderBy(desc(screeningRecords.at)),
    db.select().from(visits).where(inArray(visits.caseId, group)).orderBy(desc(visits.visitedAt)),
    db.select().from(riskAssessments).where(inArray(riskAssessments.caseId, group)).orderBy(desc(riskAssessments.id)),
    db
      .select({ p: pairings, volunteer: volunteers.reference, role: volunteers.role })
      .from(pairings)
      .innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
      .where(inArray(pairings.caseId, group))
      .orderBy(desc(pairings.id)),
    db
      .select()
      .from(statusEvents)
      .where(
        or(
          and(eq(statusEvents.kind, 'case'), inArray(statusEvents.recordId, group)),
          and(
            eq(statusEvents.kind, 'application'),
            inArray(
              statusEvents.recordId,
              db.select({ id: applications.id }).from(applications).where(inArray(applications.caseId, group)),
            ),
          ),
          and(
            eq(statusEvents.kind, 'report'),
            inArray(statusEvents.recordId, db.select({ id: reports.id }).from(reports).where(inArray(reports.caseId, group))),
          ),
        ),
      )
      .orderBy(asc(statusEvents.id)),
    db.select({ id: cases.id, reference: cases.reference }).from(cases).where(inArray(cases.id, group)),
  ]);
  const refOf = new Map(members.map((m) => [m.id, m.reference]));
  const appRef = new Map(apps.map((a) => [a.id, a.reference]));
  const repRef = new Map(reps.map((r) => [r.id, r.reference]));

  const timeline: TimelineEntry[] = [];
  for (const e of events) {
    const [what, context] =
      e.kind === 'case'
        ? [t('api.timeline.case', { status: statusLabel(CASE_MODEL, e.toStatus) }), refOf.get(e.recordId) ?? row.reference]
        : e.kind === 'application'
          ? [
              // A note (a visit booked, a pairing) says what happened in its words, below.
              t('api.timeline.application', {
                reference: appRef.get(e.recordId)!,
                status: isNote(e) ? t('status.event.note') : statusLabel(APPLICATION_MODEL, e.toStatus),
              }),
              appRef.get(e.recordId)!,
            ]
          : [
              t('api.timeline.report', { reference: repRef.get(e.recordId)!, status: statusLabel(REPORT_MODEL, e.toStatus) }),
              repRef.get(e.recordId)!,
            ];
    const notes = [
      await dec('status_events.public_note_enc', e.publicNoteEnc, context),
      await dec('status_events.internal_note_enc', e.internalNoteEnc, context),
    ]
      .filter(Boolean)
      .join('；');
    timeline.push({
      at: new Date(e.at).toISOString(),
      what,
      detail: notes || null,
      by: e.actorKind === 'staff' ? nameOf(e.actorId) : e.actorKind === 'applicant' ? t('api.by.self') : t('api.by.system'),
    });
  }
  const visitList = await Promise.all(
    visitRows.map(async (v) => ({
      visitedAt: new Date(v.visitedAt).toISOString(),
      findings: await dec('visits.findings_enc', v.findingsEnc, refOf.get(v.caseId)),
      with: await dec('visits.companions_enc', v.companionsEnc, refOf.get(v.caseId)),
      by: nameOf(v.staffId),
    })),
  );
  for (const v of visitList) timeline.push({ at: v.visitedAt, what: t('api.timeline.visit'), detail: v.findings, by: v.by });
  const riskList = await Promise.all(
    risks.map(async (r) => ({
      level: r.level,
      label: RISK_LEVELS[r.level as RiskLevel]?.label ?? r.level,
      reason: await dec('risk_assessments.reason_enc', r.reasonEnc, refOf.get(r.caseId)),
      at: new Date(r.at).toISOString(),
      by: nameOf(r.staffId),
    })),
  );
  for (const r of riskList) timeline.push({ at: r.at, what: t('api.timeline.risk', { level: r.label }), detail: r.reason, by: r.by });
  const screenings = await Promise.all(
    shots.map(async ({ r, period }) => ({
      round: period,
      result: r.result,
      resultLabel: r.result === 'screened' ? t('staff.screening.screened') : t('staff.screening.notFound'),
      targetGroups: targetGroupLabels(JSON.parse(r.targetGroups) as string[]),
      proposedLevel: r.proposedLevel,
      proposedLabel: r.proposedLevel ? RISK_LEVELS[r.proposedLevel as RiskLevel].label : null,
      reason: await dec('screening_records.reason_enc', r.reasonEnc, refOf.get(r.caseId)),
      notes: await dec('screening_records.notes_enc', r.notesEnc, refOf.get(r.caseId)),
      at: new Date(r.at).toISOString(),
      by: nameOf(r.staffId),
    })),
  );
  for (const s of screenings)
    timeline.push({
      at: s.at,
      what: t('api.timeline.screening', {
        round: s.round,
        result: s.resultLabel,
        proposed: s.proposedLabel ? t('api.timeline.screeningProposed', { level: s.proposedLabel }) : '',
      }),
      detail: s.reason,
      by: s.by,
    });
  const pairingList = pairs.map(({ p, volunteer, role }) => ({
    id: p.id,
    volunteer,
    roleLabel: VOLUNTEER_ROLES[role as keyof typeof VOLUNTEER_ROLES] ?? role,
    startedAt: iso(p.startedAt)!,
    endedAt: iso(p.endedAt),
    lastContactAt: iso(p.lastContactAt),
  }));
  for (const p of pairingList) {
    timeline.push({
      at: p.startedAt,
      what: t('api.timeline.pairingStarted', { role: p.roleLabel, volunteer: p.volunteer }),
      detail: null,
      by: null,
    });
    if (p.endedAt)
      timeline.push({
        at: p.endedAt,
        what: t('api.timeline.pairingEnded', { role: p.roleLabel, volunteer: p.volunteer }),
        detail: null,
        by: null,
      });
  }
  // 认定审核: the batch, the county's screening, the evaluation, each decision, each referral.
  const [batchRows, evaluationRows, itemRows, referralRows] = await Promise.all([
    db
      .select({ item: batchItems, b: batches })
      .from(batchItems)
      .innerJoin(batches, eq(batches.id, batchItems.batchId))
      .where(inArray(batchItems.caseId, group)),
    db.select().from(evaluations).where(inArray(evaluations.caseId, group)),
    db
      .select()
      .from(planItems)
      .where(and(inArray(planItems.caseId, group), isNotNull(planItems.decidedAt))),
    db.select().from(referrals).where(inArray(referrals.caseId, group)),
  ]);
  for (const { item, b } of batchRows) {
    timeline.push({ at: new Date(b.submittedAt).toISOString(), what: t('api.timeline.batch'), detail: null, by: nameOf(b.submittedBy) });
    if (item.decision && b.screenedAt)
      timeline.push({
        at: new Date(b.screenedAt).toISOString(),
        what: item.decision === 'accepted' ? t('api.timeline.screenAccepted') : t('api.timeline.screenDeclined'),
        detail: await dec('batch_items.reason_enc', item.reasonEnc, refOf.get(item.caseId)),
        by: nameOf(b.screenedBy),
      });
  }
  for (const e of evaluationRows)
    timeline.push({ at: new Date(e.at).toISOString(), what: t('api.timeline.evaluation'), detail: null, by: nameOf(e.staffId) });
  const REFERRAL_OUTCOME_WORDS = {
    accepted: t('staff.referrals.outcome.accepted'),
    done: t('staff.referrals.outcome.done'),
    declined: t('staff.referrals.outcome.declined'),
  };
  const DECISION_WORDS: Record<string, string> = {
    approved: t('staff.plan.decision.approved'),
    rejected: t('staff.plan.decision.rejected'),
    needs_info: t('staff.plan.decision.needs_info'),
  };
  for (const i of itemRows) {
    const title = i.entitlement ? entitlementTitle(i.entitlement) : await dec('plan_items.measure_enc', i.measureEnc, refOf.get(i.caseId));
    timeline.push({
      at: new Date(i.decidedAt!).toISOString(),
      what: t('api.timeline.decision', { title: String(title), decision: String(DECISION_WORDS[i.decision ?? ''] ?? i.decision) }),
      detail: await dec('plan_items.reason_enc', i.reasonEnc, refOf.get(i.caseId)),
      by: nameOf(i.decidedBy),
    });
  }
  for (const r of referralRows) {
    const dept = DEPARTMENT_KEYS.includes(r.department as DepartmentKey)
      ? departmentName(r.department as DepartmentKey, county.level)
      : r.department;
    timeline.push({
      at: new Date(r.createdAt).toISOString(),
      what: t('api.timeline.referral', { dept }),
      detail: await dec('referrals.request_enc', r.requestEnc, refOf.get(r.caseId)),
      by: nameOf(r.createdBy),
    });
    if (r.respondedAt)
      timeline.push({
        at: new Date(r.respondedAt).toISOString(),
        what: t('api.timeline.referralResponse', {
          dept,
          outcome: (REFERRAL_OUTCOME_WORDS as Record<string, string>)[r.status] ?? r.status,
        }),
        detail: await dec('referrals.response_enc', r.responseEnc, refOf.get(r.caseId)),
        by: nameOf(r.respondedBy),
      });
  }
  timeline.sort((a, b) => b.at.localeCompare(a.at));

  await audit(ctx, { action: 'read', recordKind: 'case', recordRef: row.reference, outcome: 'ok' });
  return {
    reference: row.reference,
    status: row.status,
    statusLabel: statusLabel(CASE_MODEL, row.status),
    origin: row.origin,
    township: row.township,
    townshipName: townshipName(row.township),
    village: row.village,
    child: personal?.child ?? {},
    people: (personal?.people ?? []).map((p) => ({ ...p, relationshipLabel: relationshipLabel(p.relationship) })),
    address: personal?.address ?? null,
    purged: row.purgedAt !== null,
    targetGroups: targetGroupLabels(JSON.parse(row.targetGroups) as string[]),
    riskLevel: row.riskLevel,
    riskLabel: row.riskLevel ? RISK_LEVELS[row.riskLevel as RiskLevel].label : null,
    nextVisitDue: iso(row.nextVisitDue),
    overdue: row.nextVisitDue !== null && row.nextVisitDue < now && !INACTIVE.includes(row.status),
    lastVisitAt: iso(row.lastVisitAt),
    mergedFrom: members.filter((m) => m.id !== row.id).map((m) => m.reference),
    possibleDuplicates: duplicates.map((f) => f.reference),
    allowed: allowedMoves(CASE_MODEL, row.status as CaseStatus, member.role),
    applications: apps.map((a) => ({
      reference: a.reference,
      status: a.status,
      statusLabel: statusLabel(APPLICATION_MODEL, a.status),
      entitlements: (JSON.parse(a.entitlements) as string[]).map((slug) => ({ slug, title: entitlementTitle(slug) })),
      createdAt: iso(a.createdAt)!,
    })),
    reports: reps.map((r) => ({
      reference: r.reference,
      status: r.status,
      statusLabel: statusLabel(REPORT_MODEL, r.status),
      categories: (JSON.parse(r.categories) as (keyof typeof REPORT_CATEGORIES)[]).map((c) => REPORT_CATEGORIES[c] ?? c),
      createdAt: iso(r.createdAt)!,
    })),
    screenings,
    visits: visitList,
    risks: riskList,
    pairings: pairingList,
    timeline,
  };
}

// --- Risk level and visits --------------------------------------------------------------------

/** Sets the risk level and, from its cadence, when the next visit is due. */
export async function setCaseRisk(ctx: StaffContext, reference: string, body: { level: RiskLevel; reason: string }) {
  const { env, db, member, now } = ctx;
  const row = await resolveCase(ctx, reference, 'risk');
  const due = nextVisitDue(body.level, new Date(now), county.riskVisitDays)?.getTime() ?? null;
  await db.batch([
    db.update(cases).set({ riskLevel: body.level, nextVisitDue: due, updatedAt: now }).where(eq(cases.id, row.id)),
    db.insert(riskAssessments).values({
      caseId: row.id,
      level: body.level,
      reasonEnc: await encryptJson(env.DATA_KEY, 'risk_assessments.reason_enc', row.reference, body.reason),
      staffId: member.id,
      at: now,
    }),
  ]);
  // 红色 goes to the county at once (篇二 四(二)4: 立即干预); the county's dashboard lists it.
  await audit(ctx, {
    action: 'risk',
    recordKind: 'case',
    recordRef: row.reference,
    outcome: 'ok',
    detail: `${row.riskLevel ?? 'none'}→${body.level}`,
  });
  return {
    reference: row.reference,
    riskLevel: body.level,
    riskLabel: RISK_LEVELS[body.level].label,
    nextVisitDue: iso(due),
    cadenceUnset: due === null,
    escalated: body.level === 'red',
  };
}

/**
 * Records a home visit. The last visit only moves forward and the next one is worked out in
 * SQL from the level in the same statement, so two visits (or a visit and a change of level)
 * saved at the same moment never leave the dates behind.
 */
export async function recordCaseVisit(ctx: StaffContext, reference: string, body: { visitedAt: number; findings: string; with?: string }) {
  const { env, db, member, now } = ctx;
  const row = await resolveCase(ctx, reference, 'visit');
  if (body.visitedAt > now + 5 * 60_000) throw invalid({ visitedAt: t('api.case.visitInFuture') });
  const last = sql`max(coalesce(${cases.lastVisitAt}, 0), ${body.visitedAt})`;
  await db.batch([
    db
      .update(cases)
      .set({ lastVisitAt: last, nextVisitDue: dueAfter(last), updatedAt: now })
      .where(eq(cases.id, row.id)),
    db.insert(visits).values({
      caseId: row.id,
      visitedAt: body.visitedAt,
      findingsEnc: await encryptJson(env.DATA_KEY, 'visits.findings_enc', row.reference, body.findings),
      companionsEnc: body.with ? await encryptJson(env.DATA_KEY, 'visits.companions_enc', row.reference, body.with) : null,
      staffId: member.id,
    }),
  ]);
  const [after] = await db
    .select({ lastVisitAt: cases.lastVisitAt, nextVisitDue: cases.nextVisitDue })
    .from(cases)
    .where(eq(cases.id, row.id));
  // The home visit of 建立档案 moves the child on to 调查评估.
  await afterVisit(ctx, row);
  await audit(ctx, { action: 'visit', recordKind: 'case', recordRef: row.reference, outcome: 'ok' });
  return { reference: row.reference, lastVisitAt: iso(after?.lastVisitAt), nextVisitDue: iso(after?.nextVisitDue) };
}

// --- Merging two files of the same child ----------------------------------------------------------

/**
 * Merges a file into another of the same child: the merged one keeps its rows and answers as
 * part of the kept one (readCaseFile shows both), so undoing it is exact. Across townships
 * only the county may merge; a child with a pairing on each file must end one first.
 */
export async function mergeCaseFile(ctx: StaffContext, reference: string, body: { into: string; reason: string }) {
  const { env, db, member } = ctx;
  const from = await scopedCaseFile(ctx, reference, 'merge');
  const into = await scopedCaseFile(ctx, body.into, 'merge');
  const refuse = async (code: string, message: string, status: 403 | 409 = 409) => {
    await audit(ctx, {
      action: 'merge',
      recordKind: 'case',
      recordRef: reference,
      outcome: status === 403 ? 'denied' : 'refused',
      detail: `${code} into ${body.into}`,
    });
    throw new ApiError(status, status === 403 ? 'forbidden' : code, message);
  };
  await requireCapability(ctx, 'manage', { action: 'merge', recordKind: 'case', recordRef: reference }, t('api.merge.who'));
  if (from.id === into.id) await refuse('same_case', t('api.merge.same'));
  if (from.status === 'merged' || into.status === 'merged') await refuse('already_merged', t('api.merge.already'));
  if (from.township !== into.township && !can(member.role, 'decide')) await refuse('different_township', t('api.merge.townships'), 403);
  const [fromPaired, intoPaired] = await Promise.all(
    [from.id, into.id].map(
      async (id) =>
        (
          await db
            .select({ id: pairings.id })
            .from(pairings)
            .where(and(inArray(pairings.caseId, await caseGroup(db, id)), sql`${pairings.endedAt} IS NULL`))
        ).length > 0,
    ),
  );
  if (fromPaired && intoPaired) await refuse('both_paired', t('api.merge.bothPaired'));
  const note = await encryptJson(
    env.DATA_KEY,
    'status_events.internal_note_enc',
    from.reference,
    t('api.merge.note', { into: into.reference, reason: body.reason }),
  );
  await commitGuarded(
    env,
    moveStatements(env.DB, 'case', {
      id: from.id,
      from: from.status,
      to: 'merged',
      actorKind: 'staff',
      actorId: member.id,
      internalNoteEnc: note,
      set: { merged_into: into.id },
    }),
  );
  await audit(ctx, { action: 'merge', recordKind: 'case', recordRef: from.reference, outcome: 'ok', detail: `into ${into.reference}` });
  return { reference: from.reference, mergedInto: into.reference };
}

/**
 * Undoes a merge: the file is its own again, with its own rows, in the status it had when it
 * was merged (待核实, 在档 or 已结案) — read from the merge's own status event.
 */
export async function unmergeCaseFile(ctx: StaffContext, reference: string, body: { reason: string }) {
  const { env, db, member } = ctx;
  await requireCapability(ctx, 'manage', { action: 'unmerge', recordKind: 'case', recordRef: reference }, t('api.unmerge.who'));
  const [row] = await db.select().from(cases).where(eq(cases.reference, reference)).limit(1);
  if (!row || !inScope(member, row.township)) throw new ApiError(404, 'not_found', t('api.staff.noCase'));
  if (row.status !== 'merged' || row.mergedInto === null) throw new ApiError(409, 'not_merged', t('api.unmerge.notMerged'));
  const [into] = await db.select({ reference: cases.reference, township: cases.township }).from(cases).where(eq(cases.id, row.mergedInto));
  if (into && into.township !== row.township && !can(member.role, 'decide'))
    await deny(ctx, { action: 'unmerge', recordKind: 'case', recordRef: reference }, t('api.unmerge.townships'));
  const [merge] = await db
    .select({ from: statusEvents.fromStatus })
    .from(statusEvents)
    .where(and(eq(statusEvents.kind, 'case'), eq(statusEvents.recordId, row.id), eq(statusEvents.toStatus, 'merged')))
    .orderBy(desc(statusEvents.id))
    .limit(1);
  const before = (merge?.from ?? CASE_MODEL.initial) as CaseStatus;
  const back: CaseStatus = before === 'merged' ? CASE_MODEL.initial : before;
  const note = await encryptJson(
    env.DATA_KEY,
    'status_events.internal_note_enc',
    row.reference,
    t('api.unmerge.note', { into: into?.reference ?? '', reason: body.reason }),
  );
  await commitGuarded(
    env,
    moveStatements(env.DB, 'case', {
      id: row.id,
      from: 'merged',
      to: back,
      actorKind: 'staff',
      actorId: member.id,
      internalNoteEnc: note,
      set: { merged_into: null },
    }),
  );
  await audit(ctx, {
    action: 'unmerge',
    recordKind: 'case',
    recordRef: reference,
    outcome: 'ok',
    detail: `from ${into?.reference ?? ''}, back to ${back}`,
  });
  return { reference, status: back, statusLabel: statusLabel(CASE_MODEL, back) };
}

// --- Export for reporting upwards ---------------------------------------------------------------

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // A cell that a spreadsheet would run as a formula is written as text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * The files in scope as CSV, for the county's and townships' reports upwards: counts and
 * non-personal columns by default; with `personal`, the child's name, birth date and a phone
 * too — county only, and audited as a read of every row.
 */
export async function exportCaseFiles(ctx: StaffContext, options: { personal: boolean }): Promise<string> {
  const { env, db, member } = ctx;
  await requireCapability(ctx, 'manage', { action: 'export', recordKind: 'case' }, t('api.export.who'));
  if (options.personal)
    await requireCapability(ctx, 'decide', { action: 'export-personal', recordKind: 'case' }, t('api.export.personalWho'));
  const rows = await db
    .select()
    .from(cases)
    .where(and(inArray(cases.township, scopeOf(member)), notInArray(cases.status, ['merged'])))
    .orderBy(asc(cases.township), asc(cases.village), asc(cases.id));
  const counts = await db
    .select({ caseId: applications.caseId, n: sql<number>`count(*)` })
    .from(applications)
    .where(isNotNull(applications.caseId))
    .groupBy(applications.caseId);
  const appsOf = new Map(counts.map((c) => [c.caseId, c.n]));
  const head = [
    t('api.export.reference'),
    t('staff.township'),
    t('staff.village'),
    t('staff.status'),
    t('staff.case.groupsLabel'),
    t('staff.risk'),
    t('staff.nextVisit'),
    t('api.export.applications'),
    t('api.export.opened'),
  ];
  if (options.personal) head.push(t('staff.child.name'), t('staff.child.birthDate'), t('api.export.phone'));
  const lines = [head.map(csvCell).join(',')];
  for (const r of rows) {
    const cells: unknown[] = [
      r.reference,
      townshipName(r.township),
      r.village,
      statusLabel(CASE_MODEL, r.status),
      targetGroupLabels(JSON.parse(r.targetGroups) as string[])
        .map((g) => g.label)
        .join('、'),
      r.riskLevel ? RISK_LEVELS[r.riskLevel as RiskLevel].label : '',
      r.nextVisitDue ? new Date(r.nextVisitDue).toISOString().slice(0, 10) : '',
      appsOf.get(r.id) ?? 0,
      new Date(r.createdAt).toISOString().slice(0, 10),
    ];
    if (options.personal) {
      const p = await readPersonal(env, r);
      cells.push(p?.child.name ?? '', p?.child.birthDate ?? '', p?.people?.find((x) => x.phone)?.phone ?? '');
    }
    lines.push(cells.map(csvCell).join(','));
  }
  await audit(ctx, {
    action: options.personal ? 'export-personal' : 'export',
    recordKind: 'case',
    outcome: 'ok',
    detail: `${rows.length} rows`,
  });
  // A byte-order mark so a spreadsheet opens the Chinese as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
