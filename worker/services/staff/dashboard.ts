/**
 * The console's first screen: counts by status, risk level and township, overdue visits, and
 * the programme's three indicators (篇七 六: 排查分类率、干预率、救助率 均达到 100%), all
 * within the member's townships. Counts only: nothing personal.
 */
import { and, count, eq, inArray, isNotNull, isNull, lt, notInArray, sql } from 'drizzle-orm';
import { APPLICATION_MODEL, CLOSED_APPLICATION_STATUSES, type ApplicationStatus } from '../../../src/domain/application-status.ts';
import { REPORT_MODEL } from '../../../src/domain/report-status.ts';
import { RISK_LEVEL_KEYS, RISK_LEVELS } from '../../../src/domain/risk-levels.ts';
import type { StatusModel } from '../../../src/domain/status-model.ts';
import { CONTACT_ALERT_DAYS, VOLUNTEER_MODEL } from '../../../src/domain/volunteer-status.ts';
import county from '../../../content/county.ts';
import { applications, pairings, reports, volunteers } from '../../db/schema.ts';
import type { StaffContext } from '../../env.ts';
import { audit, deny, requireCapability, scopeOf } from '../../lib/staff-auth.ts';

const NOT_COUNTED: ApplicationStatus[] = ['withdrawn'];
const CLOSED = CLOSED_APPLICATION_STATUSES;

const ratio = (part: number, whole: number) => ({ part, whole, rate: whole === 0 ? null : part / whole });

/** Every state of the model in its order, with how many records are in it (0 included). */
function countsByStatus<S extends string>(model: StatusModel<S>, rows: { key: string; n: number }[]) {
  return (Object.keys(model.states) as S[]).map((s) => ({
    status: s,
    label: model.states[s].label,
    count: rows.find((x) => x.key === s)?.n ?? 0,
  }));
}

export async function dashboard(ctx: StaffContext) {
  const { db, member, now } = ctx;
  await requireCapability(ctx, 'workOnRecords', { action: 'dashboard' }, '管理员账号不查看个案统计。');
  const scope = scopeOf(member);
  const inScope = inArray(applications.township, scope);
  const byStatus = await db.select({ key: applications.status, n: count() }).from(applications).where(inScope).groupBy(applications.status);
  const byRisk = await db
    .select({ key: applications.riskLevel, n: count() })
    .from(applications)
    .where(and(inScope, isNotNull(applications.riskLevel), notInArray(applications.status, CLOSED)))
    .groupBy(applications.riskLevel);
  const byTownship = await db
    .select({ key: applications.township, n: count() })
    .from(applications)
    .where(inScope)
    .groupBy(applications.township);
  const [overdue] = await db
    .select({ n: count() })
    .from(applications)
    .where(and(inScope, lt(applications.nextVisitDue, now), notInArray(applications.status, CLOSED)));
  const red = await db
    .select({ reference: applications.reference, township: applications.township })
    .from(applications)
    .where(and(inScope, eq(applications.riskLevel, 'red'), notInArray(applications.status, CLOSED)));

  // 排查分类率: identified children (every case not withdrawn) that have been given a risk level.
  const [identified] = await db
    .select({ n: count() })
    .from(applications)
    .where(and(inScope, notInArray(applications.status, NOT_COUNTED)));
  const [classified] = await db
    .select({ n: count() })
    .from(applications)
    .where(and(inScope, notInArray(applications.status, NOT_COUNTED), isNotNull(applications.riskLevel)));
  // 干预率: children classified 黄/橙/红 who have been visited or paired since.
  const needing = and(inScope, notInArray(applications.status, NOT_COUNTED), inArray(applications.riskLevel, ['yellow', 'orange', 'red']));
  const [needIntervention] = await db.select({ n: count() }).from(applications).where(needing);
  const [intervened] = await db
    .select({ n: count() })
    .from(applications)
    .where(
      and(
        needing,
        sql`(${applications.lastVisitAt} IS NOT NULL OR EXISTS (SELECT 1 FROM pairings p WHERE p.application_id = ${applications.id} AND p.ended_at IS NULL))`,
      ),
    );
  // 救助率: classified children whose case was approved for assistance (审核认定通过).
  const [aided] = await db
    .select({ n: count() })
    .from(applications)
    .where(and(inScope, isNotNull(applications.riskLevel), eq(applications.status, 'approved')));

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
  const cutoff = now - CONTACT_ALERT_DAYS * 24 * 60 * 60 * 1000;
  const [activePairings] = await db
    .select({ n: count() })
    .from(pairings)
    .innerJoin(applications, eq(applications.id, pairings.applicationId))
    .where(and(inScope, isNull(pairings.endedAt)));
  const [pairingAlerts] = await db
    .select({ n: count() })
    .from(pairings)
    .innerJoin(applications, eq(applications.id, pairings.applicationId))
    .where(and(inScope, isNull(pairings.endedAt), sql`coalesce(${pairings.lastContactAt}, ${pairings.startedAt}) < ${cutoff}`));

  await audit(ctx, { action: 'dashboard', outcome: 'ok' });
  const names = Object.fromEntries(county.townships.map((t) => [t.id, t.name]));
  return {
    applications: {
      byStatus: countsByStatus(APPLICATION_MODEL, byStatus),
      byRisk: RISK_LEVEL_KEYS.map((l) => ({ level: l, label: RISK_LEVELS[l].label, count: byRisk.find((x) => x.key === l)?.n ?? 0 })),
      byTownship: scope.map((t) => ({ township: t, name: names[t] ?? t, count: byTownship.find((x) => x.key === t)?.n ?? 0 })),
      overdueVisits: overdue?.n ?? 0,
      redCases: red,
    },
    indicators: {
      classification: {
        label: '排查分类率',
        ...ratio(classified?.n ?? 0, identified?.n ?? 0),
        means: '已定风险等级的个案 ÷ 全部个案（不含已撤回）',
      },
      intervention: {
        label: '干预率',
        ...ratio(intervened?.n ?? 0, needIntervention?.n ?? 0),
        means: '黄、橙、红色个案中已走访或已结对的 ÷ 黄、橙、红色个案',
      },
      assistance: { label: '救助率', ...ratio(aided?.n ?? 0, classified?.n ?? 0), means: '已定级个案中审核认定通过的 ÷ 已定级个案' },
      target: 1,
    },
    volunteers: countsByStatus(VOLUNTEER_MODEL, volunteersByStatus),
    reports: countsByStatus(REPORT_MODEL, reportsByStatus),
    pairings: { active: activePairings?.n ?? 0, withoutContact30Days: pairingAlerts?.n ?? 0 },
  };
}
