/**
 * The console's first screen: the children on file by status, risk level and township,
 * overdue visits, and the programme's three indicators (篇七 六: 排查分类率、干预率、救助率
 * 均达到 100%) for the member's scope, per township and per village. Counts only.
 */
import { and, count, eq, inArray, isNotNull, isNull, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { APPLICATION_MODEL } from '#src/domain/application-status.ts';
import { CASE_MODEL, INACTIVE_CASE_STATUSES } from '#src/domain/case-status.ts';
import { REPORT_MODEL } from '#src/domain/report-status.ts';
import { RISK_LEVEL_KEYS, RISK_LEVELS } from '#src/domain/risk-levels.ts';
import type { StatusModel } from '#src/domain/status-model.ts';
import { CONTACT_ALERT_DAYS, VOLUNTEER_MODEL } from '#src/domain/volunteer-status.ts';
import county from '#content/county.ts';
import { applications, cases, pairings, reports, screeningRecords, volunteers } from '../../db/schema.ts';
import type { StaffContext } from '../../env.ts';
import { audit, requireCapability, scopeOf } from '../../lib/staff-auth.ts';
import { currentRound } from './screening.ts';
import { reviewOverview } from './review.ts';
import { can } from '#src/domain/staff-roles.ts';
import { t } from '#src/i18n/index.ts';

const INACTIVE = INACTIVE_CASE_STATUSES as string[];

const ratio = (part: number, whole: number) => ({ part, whole, rate: whole === 0 ? null : part / whole });

/** Every state of the model in its order, with how many records are in it (0 included). */
function countsByStatus<S extends string>(model: StatusModel<S>, rows: { key: string; n: number }[]) {
  return (Object.keys(model.states) as S[]).map((s) => ({
    status: s,
    label: model.states[s].label,
    count: rows.find((x) => x.key === s)?.n ?? 0,
  }));
}

/** What each indicator counts, as the dashboard and docs/staff.md say it. */
export const INDICATOR_MEANS = {
  classification: t('api.indicator.classification.means'),
  intervention: t('api.indicator.intervention.means'),
  assistance: t('api.indicator.assistance.means'),
};

type Place = { township: string; village: string | null };
type Tally = Place & { n: number };

async function perPlace(ctx: StaffContext, where: SQL | undefined): Promise<Tally[]> {
  return ctx.db
    .select({ township: cases.township, village: cases.village, n: count() })
    .from(cases)
    .where(and(inArray(cases.township, scopeOf(ctx.member)), where))
    .groupBy(cases.township, cases.village);
}

export async function dashboard(ctx: StaffContext) {
  const { db, member, now } = ctx;
  await requireCapability(ctx, 'workOnRecords', { action: 'dashboard' }, t('api.staff.adminNoDashboard'));
  const scope = scopeOf(member);
  const inScope = inArray(cases.township, scope);
  const active = notInArray(cases.status, INACTIVE);
  const byStatus = await db.select({ key: cases.status, n: count() }).from(cases).where(inScope).groupBy(cases.status);
  const byRisk = await db
    .select({ key: cases.riskLevel, n: count() })
    .from(cases)
    .where(and(inScope, isNotNull(cases.riskLevel), active))
    .groupBy(cases.riskLevel);
  const [overdue] = await db
    .select({ n: count() })
    .from(cases)
    .where(and(inScope, lt(cases.nextVisitDue, now), active));
  const red = await db
    .select({ reference: cases.reference, township: cases.township })
    .from(cases)
    .where(and(inScope, eq(cases.riskLevel, 'red'), active));

  // 排查分类率: this round's rosters, and the children screened and classified on them.
  const round = await currentRound(ctx);
  const onRoster = round
    ? await perPlace(
        ctx,
        sql`(${cases.status} NOT IN ('closed', 'merged') OR ${cases.id} IN (SELECT case_id FROM screening_records WHERE round_id = ${round.id}))`,
      )
    : [];
  const classifiedRows: Tally[] = round
    ? await db
        .select({ township: screeningRecords.township, village: screeningRecords.village, n: count() })
        .from(screeningRecords)
        .where(
          and(
            eq(screeningRecords.roundId, round.id),
            inArray(screeningRecords.township, scope),
            eq(screeningRecords.result, 'screened'),
            isNotNull(screeningRecords.proposedLevel),
          ),
        )
        .groupBy(screeningRecords.township, screeningRecords.village)
    : [];
  // 干预率: children at 黄/橙/红 who have been visited, or have a pairing going.
  const needing = and(active, inArray(cases.riskLevel, ['yellow', 'orange', 'red']));
  const needIntervention = await perPlace(ctx, needing);
  const intervened = await perPlace(
    ctx,
    and(
      needing,
      sql`(${cases.lastVisitAt} IS NOT NULL OR EXISTS (SELECT 1 FROM pairings p WHERE p.case_id = ${cases.id} AND p.ended_at IS NULL))`,
    ),
  );
  // 救助率: children with a level whose help was approved (审核认定通过) on one of their applications.
  const levelled = await perPlace(ctx, and(active, isNotNull(cases.riskLevel)));
  const aided = await perPlace(
    ctx,
    and(
      active,
      isNotNull(cases.riskLevel),
      sql`EXISTS (SELECT 1 FROM applications a WHERE a.case_id = ${cases.id} AND a.status = 'approved')`,
    ),
  );

  const sumOf = (rows: Tally[], at?: Place) =>
    rows
      .filter((r) => !at || (r.township === at.township && (at.village === undefined || r.village === at.village)))
      .reduce((a, r) => a + r.n, 0);
  const indicatorsAt = (at?: { township: string; village?: string | null }) => ({
    classification: ratio(sumOf(classifiedRows, at as Place), sumOf(onRoster, at as Place)),
    intervention: ratio(sumOf(intervened, at as Place), sumOf(needIntervention, at as Place)),
    assistance: ratio(sumOf(aided, at as Place), sumOf(levelled, at as Place)),
  });

  const volunteersByStatus = await db
    .select({ key: volunteers.status, n: count() })
    .from(volunteers)
    .where(inArray(volunteers.township, scope))
    .groupBy(volunteers.status);
  const reportsByStatus = await db
    .select({ key: reports.status, n: count() })
    .from(reports)
    .where(inArray(reports.township, scope))
    .groupBy(reports.status);
  const applicationsByStatus = await db
    .select({ key: applications.status, n: count() })
    .from(applications)
    .where(inArray(applications.township, scope))
    .groupBy(applications.status);
  const cutoff = now - CONTACT_ALERT_DAYS * 24 * 60 * 60 * 1000;
  const [activePairings] = await db
    .select({ n: count() })
    .from(pairings)
    .innerJoin(cases, eq(cases.id, pairings.caseId))
    .where(and(inScope, isNull(pairings.endedAt)));
  const [pairingAlerts] = await db
    .select({ n: count() })
    .from(pairings)
    .innerJoin(cases, eq(cases.id, pairings.caseId))
    .where(and(inScope, isNull(pairings.endedAt), sql`coalesce(${pairings.lastContactAt}, ${pairings.startedAt}) < ${cutoff}`));
  const byTownship = await db.select({ key: cases.township, n: count() }).from(cases).where(and(inScope, active)).groupBy(cases.township);

  await audit(ctx, { action: 'dashboard', outcome: 'ok' });
  const overall = indicatorsAt();
  return {
    cases: {
      byStatus: countsByStatus(CASE_MODEL, byStatus),
      byRisk: RISK_LEVEL_KEYS.map((l) => ({ level: l, label: RISK_LEVELS[l].label, count: byRisk.find((x) => x.key === l)?.n ?? 0 })),
      byTownship: county.townships
        .filter((t) => scope.includes(t.id))
        .map((t) => ({ township: t.id, name: t.name, count: byTownship.find((x) => x.key === t.id)?.n ?? 0 })),
      overdueVisits: overdue?.n ?? 0,
      redCases: red,
    },
    applications: { byStatus: countsByStatus(APPLICATION_MODEL, applicationsByStatus) },
    round,
    indicators: {
      classification: { label: t('api.indicator.classification'), ...overall.classification, means: INDICATOR_MEANS.classification },
      intervention: { label: t('api.indicator.intervention'), ...overall.intervention, means: INDICATOR_MEANS.intervention },
      assistance: { label: t('api.indicator.assistance'), ...overall.assistance, means: INDICATOR_MEANS.assistance },
      target: 1,
      byPlace: county.townships
        .filter((t) => scope.includes(t.id))
        .map((t) => ({
          township: t.id,
          name: t.name,
          ...indicatorsAt({ township: t.id }),
          villages: t.villages
            .filter((v) => !member.villages || member.villages.includes(v))
            .map((v) => ({ village: v, ...indicatorsAt({ township: t.id, village: v }) })),
        })),
    },
    volunteers: countsByStatus(VOLUNTEER_MODEL, volunteersByStatus),
    reports: countsByStatus(REPORT_MODEL, reportsByStatus),
    pairings: { active: activePairings?.n ?? 0, withoutContact30Days: pairingAlerts?.n ?? 0 },
    // 认定审核: per step, children waiting and overdue; per department, referrals open, overdue and done.
    review: can(member.role, 'review') ? await reviewOverview(ctx) : null,
  };
}
