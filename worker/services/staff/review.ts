/**
 * 认定审核 as the seed lays it down (篇五 三(三)), for one child's file at a time:
 *
 * 1. 初步筛选 — a township sends the children its villages found as a batch; the county takes
 *    each into 建立档案, or not, with a reason the family is told.
 * 2. 建立档案 — a recorded home visit (who went, when, with whom) moves the child on.
 * 3. 调查评估 — the evaluation: the child's situation, the family's means, the guardianship, a
 *    proposed level, and the 救助帮扶预案: measures, each with its department and due date.
 * 4. 审核认定 — the county decides each measure; never the account that sent the batch or wrote
 *    the evaluation (four eyes). Member departments give their opinion first.
 *
 * Help is then delivered 「民政牵头、部门联动」: a measure is referred (转介) to the department
 * that delivers it, which answers. The family's applications follow each step (the procedure
 * moves them as `system`); every step is on the child's timeline and in the audit log.
 */
import { and, desc, eq, inArray, isNull, notInArray, or, sql } from 'drizzle-orm';
import { APPLICATION_MODEL, OPEN_APPLICATION_STATUSES, type ApplicationStatus } from '#src/domain/application-status.ts';
import { DEPARTMENT_KEYS, departmentName, type DepartmentKey } from '#src/domain/departments.ts';
import { RISK_LEVELS, type RiskLevel } from '#src/domain/risk-levels.ts';
import {
  ID_NUMBER_MEASURES,
  measureDue,
  publishedDue,
  REVIEW_STEPS,
  stepDueBy,
  type CaseStep,
  type Decision,
  type ReferralOutcome,
  type ReviewStep,
} from '#src/domain/review.ts';
import type { MaterialKey } from '#src/domain/materials.ts';
import { can } from '#src/domain/staff-roles.ts';
import { checkTransition } from '#src/domain/status-model.ts';
import county from '#content/county.ts';
import catalog from '#src/generated/catalog.json' with { type: 'json' };
import {
  applications,
  batchItems,
  batches,
  cases,
  evaluations,
  opinions,
  planItems,
  referrals,
  reports,
  screeningRecords,
  staff,
} from '../../db/schema.ts';
import type { Env, StaffContext } from '../../env.ts';
import { decryptOrNull, encryptJson } from '../../lib/crypto.ts';
import type { EncryptedField } from '../../db/encrypted-columns.ts';
import { ApiError } from '../../lib/errors.ts';
import { entitlementDays, entitlementTitle, townshipName } from '../../lib/labels.ts';
import { audit, deny, inScope, requireCapability, scopeOf } from '../../lib/staff-auth.ts';
import { invalid } from '../../lib/validate.ts';
import { caseGroup, readPersonal } from '../case-files.ts';
import { messagesForMove } from '../notify.ts';
import { commit, commitGuarded, moveStatements, moveWithMessages } from '../records.ts';
import { currentRound } from './screening.ts';
import { resolveCase, scopedCaseFile } from './case-scope.ts';
import { t } from '#src/i18n/index.ts';

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);
const deptLabel = (key: string) =>
  DEPARTMENT_KEYS.includes(key as DepartmentKey) ? departmentName(key as DepartmentKey, county.level) : key;

type CaseRow = typeof cases.$inferSelect;

/** A text of the file, or null where there is none (never written, or deleted by retention with the file). */
function openText(env: Env, field: EncryptedField, reference: string, text: string | null): Promise<string | null> {
  return decryptOrNull<string>(env.DATA_KEY, field, reference, text);
}

/**
 * The answer the family was promised for this child: the earliest end of a published 时限
 * (the entitlements' `timeLimitDays`) among the applications still in review; null when none
 * of them has one.
 */
async function promisedDue(ctx: StaffContext, caseIds: number[]): Promise<number | null> {
  const rows = await ctx.db
    .select({ createdAt: applications.createdAt, entitlements: applications.entitlements })
    .from(applications)
    .where(and(inArray(applications.caseId, caseIds), inArray(applications.status, [...OPEN_APPLICATION_STATUSES])));
  const dues = rows
    .map((a) => publishedDue(a.createdAt, (JSON.parse(a.entitlements) as string[]).map(entitlementDays)))
    .filter((d): d is number => d !== null);
  return dues.length ? Math.min(...dues) : null;
}

/**
 * The statement that moves a file to a step of the procedure, guarded by the step it is in. The
 * step is due by the family's published 时限, or the county's days for it where they end first
 * (src/domain/review.ts stepDueBy); no date when neither is known.
 */
async function stepStatement(ctx: StaffContext, row: Pick<CaseRow, 'id'>, from: CaseStep | null, to: CaseStep | null) {
  const due =
    to && to !== 'decided' ? stepDueBy(to, ctx.now, county.reviewDays, await promisedDue(ctx, await caseGroup(ctx.db, row.id))) : null;
  return ctx.env.DB.prepare(
    `UPDATE cases SET step = ?, step_since = ?, step_due = ?, updated_at = ? WHERE id = ? AND ${from === null ? 'step IS NULL' : 'step = ?'}`,
  ).bind(to, to ? ctx.now : null, due, ctx.now, row.id, ...(from === null ? [] : [from]));
}

/**
 * The moves of the family's applications that a step of the procedure makes, as `system` on
 * behalf of the member: each one only if the application is still where the step expects it.
 */
async function applicationMoves(
  ctx: StaffContext,
  caseIds: number[],
  from: ApplicationStatus[],
  to: ApplicationStatus,
  note?: { publicText?: string; internalText?: string },
) {
  const rows = await ctx.db
    .select({
      id: applications.id,
      reference: applications.reference,
      status: applications.status,
      resumeStatus: applications.resumeStatus,
      personalEnc: applications.personalEnc,
      notifySms: applications.notifySms,
    })
    .from(applications)
    .where(and(inArray(applications.caseId, caseIds), inArray(applications.status, from)));
  const statements: D1PreparedStatement[] = [];
  for (const a of rows) {
    if (
      !checkTransition(APPLICATION_MODEL, {
        from: a.status as ApplicationStatus,
        to,
        actor: 'system',
        reason: note?.publicText ?? 'x',
        resume: a.resumeStatus as ApplicationStatus | null,
      }).ok
    )
      continue;
    statements.push(
      ...(await moveWithMessages(
        ctx.env,
        'application',
        {
          id: a.id,
          from: a.status,
          to,
          actorKind: 'staff',
          actorId: ctx.member.id,
          publicNoteEnc: note?.publicText
            ? await encryptJson(ctx.env.DATA_KEY, 'status_events.public_note_enc', a.reference, note.publicText)
            : null,
          internalNoteEnc: note?.internalText
            ? await encryptJson(ctx.env.DATA_KEY, 'status_events.internal_note_enc', a.reference, note.internalText)
            : null,
          set: to === 'needs_info' ? { resume_status: a.status } : a.status === 'needs_info' ? { resume_status: null } : undefined,
        },
        await messagesForMove(ctx.env, { kind: 'application', ...a }, to),
      )),
    );
  }
  return statements;
}

// --- 1. 初步筛选: batches ------------------------------------------------------------------------

/** The children a township could send: on file, not in the procedure, and found by a screening, a report or an application. */
export async function batchCandidates(ctx: StaffContext, township: string) {
  const { env, db, member } = ctx;
  await requireCapability(ctx, 'review', { action: 'list', recordKind: 'batch' }, t('api.review.batchWho'));
  if (!inScope(member, township)) await deny(ctx, { action: 'list', recordKind: 'batch', detail: `township=${township}` });
  const round = await currentRound(ctx);
  const rows = await db
    .select()
    .from(cases)
    .where(
      and(
        eq(cases.township, township),
        isNull(cases.step),
        inArray(cases.status, ['open', 'unverified']),
        or(
          sql`EXISTS (SELECT 1 FROM applications a WHERE a.case_id = ${cases.id} AND a.status = 'submitted')`,
          sql`EXISTS (SELECT 1 FROM reports r WHERE r.case_id = ${cases.id})`,
          round
            ? sql`EXISTS (SELECT 1 FROM screening_records s WHERE s.case_id = ${cases.id} AND s.round_id = ${round.id} AND s.proposed_level IS NOT NULL)`
            : sql`0`,
        ),
      ),
    )
    .orderBy(cases.village, cases.id)
    .limit(500);
  await audit(ctx, { action: 'list', recordKind: 'batch', outcome: 'ok', detail: `${rows.length} candidates` });
  return Promise.all(
    rows.map(async (r) => {
      const p = await readPersonal(env, r);
      const [shot] = round
        ? await db
            .select({ level: screeningRecords.proposedLevel })
            .from(screeningRecords)
            .where(and(eq(screeningRecords.caseId, r.id), eq(screeningRecords.roundId, round.id)))
        : [];
      const [apps] = await db
        .select({ n: sql<number>`count(*)` })
        .from(applications)
        .where(and(eq(applications.caseId, r.id), eq(applications.status, 'submitted')));
      const [reps] = await db
        .select({ n: sql<number>`count(*)` })
        .from(reports)
        .where(eq(reports.caseId, r.id));
      return {
        reference: r.reference,
        childName: p?.child.name ?? null,
        village: r.village,
        proposedLevel: shot?.level ?? null,
        proposedLabel: shot?.level ? RISK_LEVELS[shot.level as RiskLevel].label : null,
        applications: apps?.n ?? 0,
        reports: reps?.n ?? 0,
      };
    }),
  );
}

/** A township sends children to the county: each file enters 初步筛选, its new applications 乡镇初审. */
export async function submitBatch(ctx: StaffContext, body: { cases: string[]; note?: string }) {
  const { env, db, member, now } = ctx;
  await requireCapability(ctx, 'review', { action: 'submit-batch', recordKind: 'batch' }, t('api.review.batchWho'));
  const rows: CaseRow[] = [];
  for (const ref of [...new Set(body.cases)]) rows.push(await scopedCaseFile(ctx, ref, 'submit-batch'));
  const townships = [...new Set(rows.map((r) => r.township))];
  if (townships.length !== 1) throw invalid({ cases: t('api.review.oneTownship') });
  const busy = rows.filter((r) => r.step !== null || r.status === 'closed' || r.status === 'merged');
  if (busy.length)
    throw new ApiError(409, 'already_in_review', t('api.review.busy', { references: busy.map((r) => r.reference).join('、') }));
  // One batch: the batch, its children, their step, and their applications' 乡镇初审.
  const batchId = sql`(SELECT max(id) FROM batches WHERE submitted_by = ${member.id} AND submitted_at = ${now})`;
  const statements: D1PreparedStatement[] = [
    env.DB.prepare('INSERT INTO batches (township, submitted_by, submitted_at) VALUES (?, ?, ?)').bind(townships[0]!, member.id, now),
  ];
  for (const r of rows) {
    statements.push(
      env.DB.prepare(
        'INSERT INTO batch_items (batch_id, case_id) SELECT max(id), ? FROM batches WHERE submitted_by = ? AND submitted_at = ?',
      ).bind(r.id, member.id, now),
      await stepStatement(ctx, r, null, 'screening'),
      ...(await applicationMoves(ctx, await caseGroup(db, r.id), ['submitted'], 'screening')),
    );
  }
  await commit(env, statements);
  const [batch] = await db
    .select({ id: batches.id })
    .from(batches)
    .where(sql`${batches.id} = ${batchId}`);
  await audit(ctx, {
    action: 'submit-batch',
    recordKind: 'batch',
    recordRef: String(batch!.id),
    outcome: 'ok',
    detail: `${rows.length} children`,
  });
  return { id: batch!.id, township: townships[0]!, children: rows.map((r) => r.reference) };
}

export async function listBatches(ctx: StaffContext) {
  const { db, member } = ctx;
  await requireCapability(ctx, 'review', { action: 'list', recordKind: 'batch' }, t('api.review.screeningWho'));
  const rows = await db
    .select({
      id: batches.id,
      township: batches.township,
      submittedAt: batches.submittedAt,
      screenedAt: batches.screenedAt,
      by: staff.name,
      children: sql<number>`(SELECT count(*) FROM batch_items i WHERE i.batch_id = ${batches.id})`,
      open: sql<number>`(SELECT count(*) FROM batch_items i WHERE i.batch_id = ${batches.id} AND i.decision IS NULL)`,
    })
    .from(batches)
    .leftJoin(staff, eq(staff.id, batches.submittedBy))
    .where(inArray(batches.township, scopeOf(member)))
    .orderBy(desc(batches.id))
    .limit(100);
  await audit(ctx, { action: 'list', recordKind: 'batch', outcome: 'ok', detail: `${rows.length} rows` });
  return rows.map((r) => ({
    ...r,
    townshipName: townshipName(r.township),
    submittedAt: iso(r.submittedAt),
    screenedAt: iso(r.screenedAt),
  }));
}

async function scopedBatch(ctx: StaffContext, id: number, action: string) {
  const [b] = await ctx.db.select().from(batches).where(eq(batches.id, id)).limit(1);
  if (!b || !inScope(ctx.member, b.township)) {
    if (b) await audit(ctx, { action, recordKind: 'batch', recordRef: String(id), outcome: 'denied' });
    throw new ApiError(404, 'not_found', t('api.review.noBatch'));
  }
  return b;
}

export async function readBatch(ctx: StaffContext, id: number) {
  const { env, db } = ctx;
  await requireCapability(ctx, 'review', { action: 'read', recordKind: 'batch', recordRef: String(id) }, t('api.review.screeningWho'));
  const b = await scopedBatch(ctx, id, 'read');
  const items = await db
    .select({ item: batchItems, c: cases })
    .from(batchItems)
    .innerJoin(cases, eq(cases.id, batchItems.caseId))
    .where(eq(batchItems.batchId, id))
    .orderBy(cases.village, cases.id);
  await audit(ctx, { action: 'read', recordKind: 'batch', recordRef: String(id), outcome: 'ok' });
  return {
    id: b.id,
    township: b.township,
    townshipName: townshipName(b.township),
    submittedAt: iso(b.submittedAt),
    screenedAt: iso(b.screenedAt),
    items: await Promise.all(
      items.map(async ({ item, c }) => ({
        reference: c.reference,
        childName: (await readPersonal(env, c))?.child.name ?? null,
        village: c.village,
        decision: item.decision,
        reason: await openText(env, 'batch_items.reason_enc', c.reference, item.reasonEnc),
      })),
    ),
  };
}

/**
 * The county screens a batch: each child taken into 建立档案 (the applications go on to
 * 入户调查/建档) or not, with a reason (the applications are not taken further, and the family
 * is told why).
 */
export async function screenBatch(
  ctx: StaffContext,
  id: number,
  body: { items: { case: string; decision: 'accepted' | 'declined'; reason?: string }[] },
) {
  const { env, db, member, now } = ctx;
  await requireCapability(ctx, 'decide', { action: 'screen-batch', recordKind: 'batch', recordRef: String(id) }, t('api.review.screenWho'));
  const b = await scopedBatch(ctx, id, 'screen-batch');
  const fields: Record<string, string> = {};
  body.items.forEach((it, i) => {
    if (it.decision === 'declined' && !it.reason?.trim()) fields[`items.${i}.reason`] = t('api.review.declineReason');
  });
  if (Object.keys(fields).length) throw invalid(fields);
  const statements: D1PreparedStatement[] = [];
  for (const it of body.items) {
    const [row] = await db
      .select({ item: batchItems, c: cases })
      .from(batchItems)
      .innerJoin(cases, eq(cases.id, batchItems.caseId))
      .where(and(eq(batchItems.batchId, id), eq(cases.reference, it.case)));
    if (!row) throw invalid({ items: t('api.review.notInBatch', { case: it.case }) });
    if (row.item.decision !== null) throw new ApiError(409, 'already_screened', t('api.review.alreadyScreened', { case: it.case }));
    const group = await caseGroup(db, row.c.id);
    const reasonEnc = it.reason ? await encryptJson(env.DATA_KEY, 'batch_items.reason_enc', row.c.reference, it.reason) : null;
    statements.push(
      env.DB.prepare('UPDATE batch_items SET decision = ?, reason_enc = ? WHERE id = ? AND decision IS NULL').bind(
        it.decision,
        reasonEnc,
        row.item.id,
      ),
      await stepStatement(ctx, row.c, 'screening', it.decision === 'accepted' ? 'filing' : null),
      ...(it.decision === 'accepted'
        ? await applicationMoves(ctx, group, ['screening'], 'investigating')
        : await applicationMoves(ctx, group, ['screening'], 'rejected', {
            publicText: t('api.move.reasonLine', { reason: String(it.reason) }),
          })),
    );
  }
  statements.push(
    env.DB.prepare(
      `UPDATE batches SET screened_by = ?, screened_at = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM batch_items WHERE batch_id = ? AND decision IS NULL)`,
    ).bind(member.id, now, id, id),
  );
  await commit(env, statements);
  await audit(ctx, {
    action: 'screen-batch',
    recordKind: 'batch',
    recordRef: String(id),
    outcome: 'ok',
    detail: `${body.items.length} children`,
  });
  return readBatch(ctx, b.id);
}

// --- 2. 建立档案: the home visit moves the child on ---------------------------------------------------

/** Called after a visit is recorded: a child in 建立档案 goes on to 调查评估, the applications with them. */
export async function afterVisit(ctx: StaffContext, row: CaseRow): Promise<void> {
  if (row.step !== 'filing') return;
  const group = await caseGroup(ctx.db, row.id);
  await commit(ctx.env, [
    await stepStatement(ctx, row, 'filing', 'assessing'),
    ...(await applicationMoves(ctx, group, ['investigating'], 'assessing')),
  ]);
}

// --- 3. 调查评估: the evaluation and its plan ------------------------------------------------------

export interface PlanItemInput {
  entitlement?: string;
  measure?: string;
  department: string;
  dueBy?: number;
}

const ENTITLEMENTS = new Set(catalog.map((e) => e.slug));

/** The refusal of a step that needs a home visit first (409 no_visit), audited. */
async function needVisit(ctx: StaffContext, row: CaseRow, action: string): Promise<never> {
  await audit(ctx, {
    action,
    recordKind: 'case',
    recordRef: row.reference,
    outcome: 'refused',
    detail: `no_visit (step ${row.step ?? 'none'})`,
  });
  throw new ApiError(409, 'no_visit', t('api.review.noVisit'));
}

/**
 * The evaluation, once the home visit is on record: the situation, the family's means, the
 * guardianship, a proposed level, and the plan — every measure the family asked for among
 * them, each with its department. The child goes on to 审核认定.
 */
export async function evaluateCase(
  ctx: StaffContext,
  reference: string,
  body: { situation: string; means: string; guardianship: string; proposedLevel: RiskLevel; plan: PlanItemInput[] },
) {
  const { env, db, member, now } = ctx;
  await requireCapability(ctx, 'review', { action: 'evaluate', recordKind: 'case', recordRef: reference }, t('api.review.evaluateWho'));
  const row = await resolveCase(ctx, reference, 'evaluate');
  if (row.step === null || row.step === 'screening' || row.step === 'filing') await needVisit(ctx, row, 'evaluate');
  if (row.step !== 'assessing') throw new ApiError(409, 'not_allowed', t('api.review.evaluated'));
  const fields: Record<string, string> = {};
  body.plan.forEach((p, i) => {
    if (!p.entitlement === !p.measure) fields[`plan.${i}.entitlement`] = t('api.review.entitlementOrMeasure');
    if (p.entitlement && !ENTITLEMENTS.has(p.entitlement)) fields[`plan.${i}.entitlement`] = t('api.review.entitlementFromList');
    if (!DEPARTMENT_KEYS.includes(p.department as DepartmentKey)) fields[`plan.${i}.department`] = t('err.staff.responsibleDepartment');
  });
  // Every measure the family asked for is answered, one by one.
  const group = await caseGroup(db, row.id);
  const asking = await db
    .select({ id: applications.id, entitlements: applications.entitlements, createdAt: applications.createdAt })
    .from(applications)
    .where(and(inArray(applications.caseId, group), eq(applications.status, 'assessing')));
  const planned = new Set(body.plan.map((p) => p.entitlement).filter(Boolean));
  const missing = [...new Set(asking.flatMap((a) => JSON.parse(a.entitlements) as string[]))].filter((e) => !planned.has(e));
  if (missing.length) fields.plan = t('api.review.missingEntitlements', { titles: missing.map(entitlementTitle).join('、') });
  if (Object.keys(fields).length) throw invalid(fields);

  // One batch, guarded by the step: two evaluations saved at once cannot both land.
  const stamp = `${member.id}:${now}`;
  const current = `(SELECT max(id) FROM evaluations WHERE case_id = ?)`;
  const statements: D1PreparedStatement[] = [
    env.DB.prepare(
      `UPDATE cases SET step = 'deciding', step_since = ?, step_due = ?, updated_at = ? WHERE id = ? AND step = 'assessing'`,
    ).bind(now, stepDueBy('deciding', now, county.reviewDays, await promisedDue(ctx, group)), now, row.id),
    env.DB.prepare(
      `INSERT INTO evaluations (case_id, staff_id, at, situation_enc, means_enc, guardianship_enc, proposed_level) SELECT ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1`,
    ).bind(
      row.id,
      member.id,
      now,
      await encryptJson(env.DATA_KEY, 'evaluations.situation_enc', row.reference, body.situation),
      await encryptJson(env.DATA_KEY, 'evaluations.means_enc', row.reference, body.means),
      await encryptJson(env.DATA_KEY, 'evaluations.guardianship_enc', row.reference, body.guardianship),
      body.proposedLevel,
    ),
  ];
  for (const p of body.plan) {
    const asked = p.entitlement ? asking.find((a) => (JSON.parse(a.entitlements) as string[]).includes(p.entitlement!)) : undefined;
    const applicationId = asked?.id ?? null;
    // Without a date from the evaluation: the entitlement's published 时限, else the county's days for 审核认定.
    const dueBy =
      p.dueBy ??
      measureDue({ askedAt: asked?.createdAt ?? null, now, published: entitlementDays(p.entitlement ?? null), days: county.reviewDays });
    statements.push(
      env.DB.prepare(
        `INSERT INTO plan_items (evaluation_id, case_id, application_id, entitlement, measure_enc, department, due_by)
         SELECT ${current}, ?, ?, ?, ?, ?, ? WHERE (SELECT staff_id || ':' || at FROM evaluations WHERE id = ${current}) = ?`,
      ).bind(
        row.id,
        row.id,
        applicationId,
        p.entitlement ?? null,
        p.measure ? await encryptJson(env.DATA_KEY, 'plan_items.measure_enc', row.reference, p.measure) : null,
        p.department,
        dueBy,
        row.id,
        stamp,
      ),
    );
  }
  await commitGuarded(env, statements);
  const items = body.plan;
  await audit(ctx, { action: 'evaluate', recordKind: 'case', recordRef: row.reference, outcome: 'ok', detail: `${items.length} measures` });
  return readPlan(ctx, row.reference);
}

/** The current plan of a file, with each measure's decision, opinions and referrals. */
export async function readPlan(ctx: StaffContext, reference: string) {
  const { env, db, member } = ctx;
  const row = await resolveCase(ctx, reference, 'read-plan');
  const reviewers = await reviewersOf(ctx, row);
  const head = {
    reference: row.reference,
    step: row.step as CaseStep | null,
    stepDue: iso(row.stepDue),
    reviewers,
    /** Whether this member may decide: not one of the reviewers (four eyes). */
    canDecide: can(member.role, 'decide') && !reviewers.some((r) => r.id === member.id),
  };
  const evaluation = await currentEvaluation(ctx, row);
  if (!evaluation) return { ...head, evaluation: null, items: [] };
  const dec = (field: EncryptedField, text: string | null) => openText(env, field, row.reference, text);
  const items = await db.select().from(planItems).where(eq(planItems.evaluationId, evaluation.id)).orderBy(planItems.id);
  const appIds = [...new Set(items.map((i) => i.applicationId).filter((id): id is number => id !== null))];
  const appStatus = new Map(
    (appIds.length
      ? await db.select({ id: applications.id, status: applications.status }).from(applications).where(inArray(applications.id, appIds))
      : []
    ).map((a) => [a.id, a.status]),
  );
  const ops = items.length
    ? await db
        .select({ o: opinions, by: staff.name })
        .from(opinions)
        .leftJoin(staff, eq(staff.id, opinions.staffId))
        .where(
          inArray(
            opinions.planItemId,
            items.map((i) => i.id),
          ),
        )
    : [];
  const refs = items.length
    ? await db
        .select()
        .from(referrals)
        .where(
          inArray(
            referrals.planItemId,
            items.map((i) => i.id),
          ),
        )
    : [];
  const [evaluator] = await db.select({ name: staff.name }).from(staff).where(eq(staff.id, evaluation.staffId));
  return {
    ...head,
    evaluation: {
      id: evaluation.id,
      at: iso(evaluation.at),
      by: evaluator?.name ?? null,
      situation: await dec('evaluations.situation_enc', evaluation.situationEnc),
      means: await dec('evaluations.means_enc', evaluation.meansEnc),
      guardianship: await dec('evaluations.guardianship_enc', evaluation.guardianshipEnc),
      proposedLevel: evaluation.proposedLevel,
      proposedLabel: evaluation.proposedLevel ? RISK_LEVELS[evaluation.proposedLevel as RiskLevel].label : null,
    },
    items: await Promise.all(
      items.map(async (i) => ({
        id: i.id,
        entitlement: i.entitlement,
        title: i.entitlement ? entitlementTitle(i.entitlement) : await dec('plan_items.measure_enc', i.measureEnc),
        department: i.department,
        departmentName: deptLabel(i.department),
        dueBy: iso(i.dueBy),
        askedFor: i.applicationId !== null,
        decision: i.decision as Decision | null,
        /** 需补充材料 and the family has not yet brought it (false once their upload sent the application back). */
        waitingForFamily: i.decision === 'needs_info' && appStatus.get(i.applicationId ?? 0) === 'needs_info',
        reason: await dec('plan_items.reason_enc', i.reasonEnc),
        publicNote: await dec('plan_items.public_note_enc', i.publicNoteEnc),
        decidedAt: iso(i.decidedAt),
        opinions: await Promise.all(
          ops
            .filter((o) => o.o.planItemId === i.id)
            .map(async (o) => ({
              department: deptLabel(o.o.department),
              by: o.by,
              opinion: await dec('opinions.opinion_enc', o.o.opinionEnc),
              at: iso(o.o.at),
            })),
        ),
        referrals: refs
          .filter((r) => r.planItemId === i.id)
          .map((r) => ({ id: r.id, department: deptLabel(r.department), status: r.status, dueBy: iso(r.dueBy) })),
      })),
    ),
  };
}

/** The file's current evaluation: its newest, whose plan is the one decided on. */
async function currentEvaluation(ctx: StaffContext, row: CaseRow) {
  const [evaluation] = await ctx.db.select().from(evaluations).where(eq(evaluations.caseId, row.id)).orderBy(desc(evaluations.id)).limit(1);
  return evaluation;
}

/**
 * Who reviewed this child, and so may not decide: the officer who sent the batch (乡镇初审)
 * and the one who wrote the current evaluation.
 */
async function reviewersOf(ctx: StaffContext, row: CaseRow): Promise<{ id: number; as: 'batch' | 'evaluation' }[]> {
  const { db } = ctx;
  const [lastBatch] = await db
    .select({ by: batches.submittedBy })
    .from(batchItems)
    .innerJoin(batches, eq(batches.id, batchItems.batchId))
    .where(eq(batchItems.caseId, row.id))
    .orderBy(desc(batches.id))
    .limit(1);
  const evaluation = await currentEvaluation(ctx, row);
  return [
    ...(lastBatch ? [{ id: lastBatch.by, as: 'batch' as const }] : []),
    ...(evaluation ? [{ id: evaluation.staffId, as: 'evaluation' as const }] : []),
  ];
}

// --- 4. 审核认定: a decision per measure, by a second person ------------------------------------------

export interface DecisionInput {
  planItem: number;
  decision: Decision;
  reason?: string;
  publicNote?: string;
  /** With needs_info: the checklist items the family is asked to upload (src/domain/materials.ts). */
  materials?: MaterialKey[];
}

/**
 * The county decides measures of the plan. Refused (409 same_reviewer) to the account that
 * sent the batch or wrote the evaluation, and (409 no_visit) to a child without the home
 * visit. The family's applications follow: approved, partly approved, refused, or waiting for
 * what is missing, with each measure's reason.
 */
export async function decideCase(ctx: StaffContext, reference: string, body: { items: DecisionInput[] }) {
  const { env, db, member, now } = ctx;
  await requireCapability(ctx, 'decide', { action: 'decide', recordKind: 'case', recordRef: reference }, t('api.review.decideWho'));
  const row = await resolveCase(ctx, reference, 'decide');
  if (row.step === null || row.step === 'screening' || row.step === 'filing') await needVisit(ctx, row, 'decide');
  if (row.step === 'assessing') throw new ApiError(409, 'no_evaluation', t('api.review.noEvaluation'));
  const reviewers = await reviewersOf(ctx, row);
  if (reviewers.some((r) => r.id === member.id)) {
    await audit(ctx, { action: 'decide', recordKind: 'case', recordRef: row.reference, outcome: 'refused', detail: 'same_reviewer' });
    throw new ApiError(409, 'same_reviewer', t('api.review.sameReviewer'));
  }
  const evaluation = await currentEvaluation(ctx, row);
  const current = await db.select().from(planItems).where(eq(planItems.evaluationId, evaluation!.id));
  const fields: Record<string, string> = {};
  body.items.forEach((d, i) => {
    const item = current.find((c) => c.id === d.planItem);
    if (!item) fields[`items.${i}.planItem`] = t('api.review.notInPlan');
    else if (item.decision === 'approved' || item.decision === 'rejected') fields[`items.${i}.planItem`] = t('api.review.decidedField');
    if (d.decision !== 'approved' && !d.reason?.trim())
      fields[`items.${i}.reason`] = d.decision === 'rejected' ? t('api.review.rejectReason') : t('api.review.needsInfoReason');
    if (d.materials?.length && d.decision !== 'needs_info') fields[`items.${i}.materials`] = t('api.review.materialsOnlyNeedsInfo');
  });
  // One open request per item named, for the application of a measure waiting for them; held
  // to the application being in 需补充材料 when the batch runs.
  const materialRequests = (applicationId: number, named: MaterialKey[]) =>
    env.DB.prepare(
      `INSERT INTO material_requests (application_id, item, staff_id, requested_at)
       SELECT ?, value, ?, ? FROM json_each(?)
       WHERE (SELECT status FROM applications WHERE id = ?) = 'needs_info'
         AND NOT EXISTS (SELECT 1 FROM material_requests m WHERE m.application_id = ? AND m.item = value AND m.received_at IS NULL AND m.closed_at IS NULL)`,
    ).bind(applicationId, member.id, now, JSON.stringify(named), applicationId, applicationId);
  if (Object.keys(fields).length) throw invalid(fields);
  // The decisions and what follows from them, in one batch: each decision guarded by the
  // measure being still open, each application's move by the status it is in.
  const statements: D1PreparedStatement[] = [];
  for (const d of body.items) {
    statements.push(
      env.DB.prepare(
        `UPDATE plan_items SET decision = ?, reason_enc = ?, public_note_enc = ?, decided_by = ?, decided_at = ?
         WHERE id = ? AND (decision IS NULL OR decision = 'needs_info')`,
      ).bind(
        d.decision,
        d.reason ? await encryptJson(env.DATA_KEY, 'plan_items.reason_enc', row.reference, d.reason) : null,
        d.publicNote ? await encryptJson(env.DATA_KEY, 'plan_items.public_note_enc', row.reference, d.publicNote) : null,
        member.id,
        now,
        d.planItem,
      ),
    );
  }
  const decided = new Map(body.items.map((d) => [d.planItem, d]));
  const after = current.map((i) =>
    decided.has(i.id)
      ? { ...i, decision: decided.get(i.id)!.decision, reason: decided.get(i.id)!.reason ?? null }
      : { ...i, reason: null as string | null },
  );
  const reasonOf = async (i: (typeof after)[number]) =>
    i.reason ?? (await decryptOrNull<string>(env.DATA_KEY, 'plan_items.reason_enc', row.reference, i.reasonEnc)) ?? '';
  const byApplication = Map.groupBy(
    after.filter((i) => i.applicationId !== null),
    (i) => i.applicationId!,
  );
  for (const [applicationId, items] of byApplication) {
    const [app] = await db.select().from(applications).where(eq(applications.id, applicationId));
    if (!app || !['assessing', 'needs_info'].includes(app.status)) continue;
    const titles = (list: typeof items) => list.map((i) => entitlementTitle(i.entitlement ?? '')).join('、');
    const waiting = items.filter((i) => i.decision === 'needs_info');
    const open = items.filter((i) => i.decision === null);
    let to: ApplicationStatus | null = null;
    let text = '';
    // The checklist items this call names for the measures of this application: the family
    // uploads them from /status/, and the last one brings the application back (materials.ts).
    const named = [
      ...new Set(
        body.items.filter((d) => d.decision === 'needs_info' && items.some((i) => i.id === d.planItem)).flatMap((d) => d.materials ?? []),
      ),
    ];
    if (waiting.length) {
      if (app.status === 'needs_info') {
        if (named.length) statements.push(materialRequests(app.id, named));
        continue;
      }
      to = 'needs_info';
      text = t('api.review.needsInfoText', {
        items: (await Promise.all(waiting.map(async (i) => `${titles([i])}——${await reasonOf(i)}`))).join('；'),
      });
    } else if (!open.length) {
      const approved = items.filter((i) => i.decision === 'approved');
      to = approved.length === items.length ? 'approved' : approved.length === 0 ? 'rejected' : 'partly_approved';
      text =
        to === 'approved'
          ? t('api.review.approvedText', { titles: titles(items) })
          : t('api.review.partlyText', {
              approved: titles(approved) || t('api.review.none'),
              rejected: titles(items.filter((i) => i.decision === 'rejected')),
            });
    }
    if (!to) continue;
    // Back from 需补充材料 to 调查评估 first, then on to the outcome.
    if (app.status === 'needs_info') {
      statements.push(
        ...moveStatements(env.DB, 'application', {
          id: app.id,
          from: 'needs_info',
          to: 'assessing',
          actorKind: 'staff',
          actorId: member.id,
          set: { resume_status: null },
        }),
        // What was still asked for is not needed any more: the county has decided.
        env.DB.prepare(
          'UPDATE material_requests SET closed_at = ? WHERE application_id = ? AND received_at IS NULL AND closed_at IS NULL',
        ).bind(now, app.id),
      );
    }
    statements.push(
      ...(await moveWithMessages(
        env,
        'application',
        {
          id: app.id,
          from: 'assessing',
          to,
          actorKind: 'staff',
          actorId: member.id,
          publicNoteEnc: await encryptJson(env.DATA_KEY, 'status_events.public_note_enc', app.reference, text),
          set: to === 'needs_info' ? { resume_status: 'assessing' } : undefined,
        },
        await messagesForMove(env, { kind: 'application', ...app }, to),
      )),
    );
    if (to === 'needs_info' && named.length) statements.push(materialRequests(app.id, named));
  }
  if (after.every((i) => i.decision === 'approved' || i.decision === 'rejected'))
    statements.push(await stepStatement(ctx, row, 'deciding', 'decided'));
  const results = await commit(env, statements);
  if (results.slice(0, body.items.length).some((r) => r.meta.changes !== 1)) {
    throw new ApiError(409, 'conflict', t('api.review.decidedMeanwhile'));
  }
  await audit(ctx, {
    action: 'decide',
    recordKind: 'case',
    recordRef: row.reference,
    outcome: 'ok',
    detail: body.items.map((d) => `${d.planItem}:${d.decision}`).join(','),
  });
  return readPlan(ctx, row.reference);
}

/** A member department's opinion on a measure that concerns it, before the county decides. */
export async function giveOpinion(ctx: StaffContext, planItemId: number, body: { opinion: string }) {
  const { env, db, member, now } = ctx;
  await requireCapability(
    ctx,
    'answerReferrals',
    { action: 'opinion', recordKind: 'plan-item', recordRef: String(planItemId) },
    t('api.review.opinionWho'),
  );
  const [item] = await db
    .select({ i: planItems, c: cases })
    .from(planItems)
    .innerJoin(cases, eq(cases.id, planItems.caseId))
    .where(eq(planItems.id, planItemId));
  if (!item || item.i.department !== member.department || !inScope(member, item.c.township)) {
    if (item) await audit(ctx, { action: 'opinion', recordKind: 'plan-item', recordRef: String(planItemId), outcome: 'denied' });
    throw new ApiError(404, 'not_found', t('api.review.noItem'));
  }
  if (item.i.decision === 'approved' || item.i.decision === 'rejected') throw new ApiError(409, 'already_decided', t('api.review.decided'));
  await db.insert(opinions).values({
    planItemId,
    department: member.department!,
    staffId: member.id,
    opinionEnc: await encryptJson(env.DATA_KEY, 'opinions.opinion_enc', item.c.reference, body.opinion),
    at: now,
  });
  await audit(ctx, { action: 'opinion', recordKind: 'case', recordRef: item.c.reference, outcome: 'ok', detail: `item ${planItemId}` });
  return { planItem: planItemId, at: iso(now) };
}

/** The measures a department is asked its opinion on: undecided, its own, in its townships. */
export async function opinionsWanted(ctx: StaffContext) {
  const { env, db, member } = ctx;
  await requireCapability(ctx, 'answerReferrals', { action: 'list', recordKind: 'plan-item' }, t('api.review.opinionsWho'));
  const rows = await db
    .select({ i: planItems, c: cases })
    .from(planItems)
    .innerJoin(cases, eq(cases.id, planItems.caseId))
    .where(
      and(
        eq(planItems.department, member.department ?? ''),
        inArray(cases.township, scopeOf(member)),
        or(isNull(planItems.decision), eq(planItems.decision, 'needs_info')),
      ),
    )
    .orderBy(planItems.id)
    .limit(200);
  await audit(ctx, { action: 'list', recordKind: 'plan-item', outcome: 'ok', detail: `${rows.length} rows` });
  return Promise.all(
    rows.map(async ({ i, c }) => ({
      id: i.id,
      // Which child, in the fewest words; never the file's reference nor anything of the evaluation.
      childName: (await readPersonal(env, c))?.child.name ?? null,
      township: townshipName(c.township),
      village: c.village,
      title: i.entitlement ? entitlementTitle(i.entitlement) : await openText(env, 'plan_items.measure_enc', c.reference, i.measureEnc),
      dueBy: iso(i.dueBy),
      decision: i.decision as Decision | null,
    })),
  );
}

// --- 转介: referrals to the departments that deliver ---------------------------------------------

/** Refers an approved measure to the department that delivers it, with what is needed and by when. */
export async function referMeasure(
  ctx: StaffContext,
  reference: string,
  body: { planItem: number; department: string; dueBy: number; request: string },
) {
  const { env, db, member, now } = ctx;
  await requireCapability(ctx, 'review', { action: 'refer', recordKind: 'case', recordRef: reference }, t('api.referral.who'));
  const row = await resolveCase(ctx, reference, 'refer');
  if (!DEPARTMENT_KEYS.includes(body.department as DepartmentKey)) throw invalid({ department: t('api.referral.department') });
  if (body.dueBy <= now) throw invalid({ dueBy: t('api.referral.dueBy') });
  const [item] = await db
    .select()
    .from(planItems)
    .where(and(eq(planItems.id, body.planItem), inArray(planItems.caseId, await caseGroup(db, row.id))));
  if (!item) throw invalid({ planItem: t('api.review.notInPlan') });
  if (item.decision !== 'approved') throw new ApiError(409, 'not_approved', t('api.referral.notApproved'));
  const [created] = await db
    .insert(referrals)
    .values({
      caseId: row.id,
      planItemId: item.id,
      department: body.department,
      township: row.township,
      dueBy: body.dueBy,
      requestEnc: await encryptJson(env.DATA_KEY, 'referrals.request_enc', row.reference, body.request),
      status: 'sent',
      createdBy: member.id,
      createdAt: now,
    })
    .returning({ id: referrals.id });
  await audit(ctx, {
    action: 'refer',
    recordKind: 'case',
    recordRef: row.reference,
    outcome: 'ok',
    detail: `referral ${created!.id} to ${body.department}`,
  });
  return {
    id: created!.id,
    department: body.department,
    departmentName: deptLabel(body.department),
    dueBy: iso(body.dueBy),
    status: 'sent' as const,
  };
}

const REFERRAL_LABELS: Record<string, string> = {
  sent: t('api.referral.state.sent'),
  accepted: t('api.referral.state.accepted'),
  done: t('staff.referrals.outcome.done'),
  declined: t('staff.referrals.outcome.declined'),
};

/**
 * The referrals in view: a department account sees only those sent to it, in its townships,
 * with the least it needs to act (the child's name, birth date, village, a guardian's phone;
 * the ID number only where the measure needs it; never the screening answers); staff of the
 * procedure see those of their townships.
 */
export async function listReferrals(ctx: StaffContext, f: { overdue?: boolean; status?: string }) {
  const { env, db, member, now } = ctx;
  const asDepartment = can(member.role, 'answerReferrals');
  if (!asDepartment) await requireCapability(ctx, 'review', { action: 'list', recordKind: 'referral' }, t('api.referral.listWho'));
  const rows = await db
    .select({ r: referrals, c: cases, i: planItems })
    .from(referrals)
    .innerJoin(cases, eq(cases.id, referrals.caseId))
    .innerJoin(planItems, eq(planItems.id, referrals.planItemId))
    .where(
      and(
        inArray(referrals.township, scopeOf(member)),
        asDepartment ? eq(referrals.department, member.department ?? '') : undefined,
        f.status ? eq(referrals.status, f.status) : undefined,
        f.overdue ? and(sql`${referrals.dueBy} < ${now}`, notInArray(referrals.status, ['done', 'declined'])) : undefined,
      ),
    )
    .orderBy(referrals.dueBy)
    .limit(200);
  await audit(ctx, {
    action: 'list',
    recordKind: 'referral',
    outcome: 'ok',
    detail: `${rows.length} rows${asDepartment ? `, as ${member.department}` : ''}`,
  });
  return Promise.all(
    rows.map(async ({ r, c, i }) => {
      const p = await readPersonal(env, c);
      const guardian = p?.people?.find((x) => x.phone);
      return {
        id: r.id,
        case: asDepartment ? null : c.reference,
        status: r.status,
        statusLabel: REFERRAL_LABELS[r.status] ?? r.status,
        department: r.department,
        departmentName: deptLabel(r.department),
        measure: i.entitlement ? entitlementTitle(i.entitlement) : await openText(env, 'plan_items.measure_enc', c.reference, i.measureEnc),
        request: await openText(env, 'referrals.request_enc', c.reference, r.requestEnc),
        response: await openText(env, 'referrals.response_enc', c.reference, r.responseEnc),
        dueBy: iso(r.dueBy),
        overdue: r.dueBy < now && !['done', 'declined'].includes(r.status),
        child: {
          name: p?.child.name ?? null,
          birthDate: p?.child.birthDate ?? null,
          idNumber: ID_NUMBER_MEASURES.includes(i.entitlement ?? '') ? (p?.child.idNumber ?? null) : undefined,
          township: townshipName(c.township),
          village: c.village,
          guardian: guardian ? { name: guardian.name ?? null, phone: guardian.phone ?? null } : null,
        },
      };
    }),
  );
}

/** The department answers a referral sent to it: accepted, done (with what was done) or cannot help (with why). */
export async function answerReferral(ctx: StaffContext, id: number, body: { outcome: ReferralOutcome; note?: string }) {
  const { env, db, member, now } = ctx;
  const [row] = await db
    .select({ r: referrals, c: cases })
    .from(referrals)
    .innerJoin(cases, eq(cases.id, referrals.caseId))
    .where(eq(referrals.id, id));
  const own =
    row &&
    inScope(member, row.r.township) &&
    (can(member.role, 'answerReferrals') ? row.r.department === member.department : can(member.role, 'decide'));
  if (!row || !own) {
    await audit(ctx, { action: 'answer-referral', recordKind: 'referral', recordRef: String(id), outcome: 'denied' });
    throw new ApiError(404, 'not_found', t('api.referral.none'));
  }
  if (body.outcome !== 'accepted' && !body.note?.trim())
    throw invalid({ note: body.outcome === 'done' ? t('api.referral.doneNote') : t('api.referral.declinedNote') });
  const from = row.r.status === 'sent' ? ['sent'] : row.r.status === 'accepted' ? ['accepted'] : [];
  if (!from.length || (body.outcome === 'accepted' && row.r.status !== 'sent'))
    throw new ApiError(409, 'not_allowed', t('api.referral.notAllowed', { status: String(REFERRAL_LABELS[row.r.status]) }));
  await commitGuarded(env, [
    env.DB.prepare(
      'UPDATE referrals SET status = ?, response_enc = ?, responded_by = ?, responded_at = ? WHERE id = ? AND status = ?',
    ).bind(
      body.outcome,
      body.note ? await encryptJson(env.DATA_KEY, 'referrals.response_enc', row.c.reference, body.note) : row.r.responseEnc,
      member.id,
      now,
      id,
      row.r.status,
    ),
  ]);
  await audit(ctx, {
    action: 'answer-referral',
    recordKind: 'case',
    recordRef: row.c.reference,
    outcome: 'ok',
    detail: `referral ${id}: ${body.outcome}`,
  });
  return { id, status: body.outcome, statusLabel: REFERRAL_LABELS[body.outcome] };
}

/** The procedure at a glance: per step, children waiting and overdue; per department, referrals open, overdue and done. */
export async function reviewOverview(ctx: StaffContext) {
  const { db, member, now } = ctx;
  await requireCapability(ctx, 'review', { action: 'review-overview' }, t('api.review.overviewWho'));
  const scope = scopeOf(member);
  const steps = await db
    .select({
      step: cases.step,
      waiting: sql<number>`count(*)`,
      overdue: sql<number>`sum(CASE WHEN ${cases.stepDue} < ${now} THEN 1 ELSE 0 END)`,
    })
    .from(cases)
    .where(and(inArray(cases.township, scope), inArray(cases.step, [...REVIEW_STEPS])))
    .groupBy(cases.step);
  const overdueCases = await db
    .select({ reference: cases.reference, step: cases.step, stepDue: cases.stepDue, township: cases.township })
    .from(cases)
    .where(and(inArray(cases.township, scope), inArray(cases.step, [...REVIEW_STEPS]), sql`${cases.stepDue} < ${now}`))
    .orderBy(cases.stepDue)
    .limit(100);
  const byDepartment = await db
    .select({
      department: referrals.department,
      open: sql<number>`sum(CASE WHEN ${referrals.status} IN ('sent', 'accepted') THEN 1 ELSE 0 END)`,
      overdue: sql<number>`sum(CASE WHEN ${referrals.status} IN ('sent', 'accepted') AND ${referrals.dueBy} < ${now} THEN 1 ELSE 0 END)`,
      done: sql<number>`sum(CASE WHEN ${referrals.status} = 'done' THEN 1 ELSE 0 END)`,
      declined: sql<number>`sum(CASE WHEN ${referrals.status} = 'declined' THEN 1 ELSE 0 END)`,
    })
    .from(referrals)
    .where(inArray(referrals.township, scope))
    .groupBy(referrals.department);
  await audit(ctx, { action: 'review-overview', outcome: 'ok' });
  return {
    steps: REVIEW_STEPS.map((s) => ({
      step: s,
      waiting: steps.find((x) => x.step === s)?.waiting ?? 0,
      overdue: steps.find((x) => x.step === s)?.overdue ?? 0,
      days: county.reviewDays[s as ReviewStep],
    })),
    overdue: overdueCases.map((c) => ({ ...c, stepDue: iso(c.stepDue), townshipName: townshipName(c.township) })),
    departments: byDepartment.map((d) => ({ ...d, departmentName: deptLabel(d.department) })),
  };
}
