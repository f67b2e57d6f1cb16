/**
 * 摸底排查 (篇五 三(一) 二是: 居（村）委会每年 2 月、7 月各开展一次辖区内未成年人摸底排查,
 * 对「六类」未成年人建立专项档案). The county opens a round for a month of the county settings;
 * each village's 儿童主任 works through the roster — every child on file in the village,
 * and children newly found — recording whether the child was seen, the 保护对象 groups, and
 * a proposed risk level with its reason. Townships see their villages' progress, the county
 * every township, and the county closes the round. Its records feed 初步筛选.
 */
import { and, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { INACTIVE_CASE_STATUSES } from '#src/domain/case-status.ts';
import { newReference } from '#src/domain/reference-code.ts';
import { RISK_LEVELS, type RiskLevel } from '#src/domain/risk-levels.ts';
import type { TargetGroup } from '#src/domain/target-groups.ts';
import county from '#content/county.ts';
import { cases, screeningRecords, screeningRounds } from '../../db/schema.ts';
import type { StaffContext } from '../../env.ts';
import { encryptJson } from '../../lib/crypto.ts';
import { ApiError } from '../../lib/errors.ts';
import { targetGroupLabels, townshipName } from '../../lib/labels.ts';
import { audit, deny, inScope, requireCapability, scopeOf } from '../../lib/staff-auth.ts';
import { invalid } from '../../lib/validate.ts';
import { findCase, keptCase, openCaseStatements, readPersonal, type CasePersonal } from '../case-files.ts';
import { fileInScope, scopedCaseFile, villageInScope } from './case-scope.ts';
import { t } from '#src/i18n/index.ts';

const INACTIVE = INACTIVE_CASE_STATUSES as string[];
const period = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** Opens a round (county only), for one of the county's screening months; one round at a time. */
export async function openRound(ctx: StaffContext, body: { year: number; month: number }) {
  const { db, member, now } = ctx;
  await requireCapability(ctx, 'decide', { action: 'open-round', recordKind: 'screening' }, t('api.screening.openWho'));
  if (!county.screeningMonths.includes(body.month)) {
    throw invalid({ month: t('api.screening.month', { months: county.screeningMonths.join('、') }) });
  }
  const [open] = await db.select({ id: screeningRounds.id }).from(screeningRounds).where(isNull(screeningRounds.closedAt)).limit(1);
  if (open) throw new ApiError(409, 'round_open', t('api.screening.stillOpen'), { id: String(open.id) });
  const p = period(body.year, body.month);
  const [row] = await db
    .insert(screeningRounds)
    .values({ period: p, openedBy: member.id, openedAt: now })
    .returning({ id: screeningRounds.id });
  await audit(ctx, { action: 'open-round', recordKind: 'screening', recordRef: String(row!.id), outcome: 'ok', detail: p });
  return { id: row!.id, period: p };
}

export async function closeRound(ctx: StaffContext, id: number) {
  const { db, member, now } = ctx;
  await requireCapability(
    ctx,
    'decide',
    { action: 'close-round', recordKind: 'screening', recordRef: String(id) },
    t('api.screening.closeWho'),
  );
  const [row] = await db
    .update(screeningRounds)
    .set({ closedAt: now, closedBy: member.id })
    .where(and(eq(screeningRounds.id, id), isNull(screeningRounds.closedAt)))
    .returning({ id: screeningRounds.id });
  if (!row) throw new ApiError(409, 'not_open', t('api.screening.notOpen'));
  await audit(ctx, { action: 'close-round', recordKind: 'screening', recordRef: String(id), outcome: 'ok' });
  return { id, closedAt: new Date(now).toISOString() };
}

async function roundOf(ctx: StaffContext, id: number) {
  await requireCapability(
    ctx,
    'workOnRecords',
    { action: 'read-round', recordKind: 'screening', recordRef: String(id) },
    t('api.screening.adminNo'),
  );
  const [round] = await ctx.db.select().from(screeningRounds).where(eq(screeningRounds.id, id)).limit(1);
  if (!round) throw new ApiError(404, 'not_found', t('api.screening.none'));
  return round;
}

export async function listRounds(ctx: StaffContext) {
  await requireCapability(ctx, 'workOnRecords', { action: 'list', recordKind: 'screening' }, t('api.screening.adminNo'));
  const rows = await ctx.db.select().from(screeningRounds).orderBy(desc(screeningRounds.id)).limit(24);
  return rows.map((r) => ({ id: r.id, period: r.period, open: r.closedAt === null, openedAt: new Date(r.openedAt).toISOString() }));
}

/**
 * Progress per township and village in the member's scope: on the roster (the children on
 * file there, with anyone found during the round), screened, and screened and classified.
 */
export async function roundProgress(ctx: StaffContext, id: number) {
  const { db, member } = ctx;
  const round = await roundOf(ctx, id);
  const scope = scopeOf(member);
  const rosterRows = await db
    .select({ township: cases.township, village: cases.village, n: sql<number>`count(*)` })
    .from(cases)
    .where(
      and(
        inArray(cases.township, scope),
        sql`(${cases.status} NOT IN ('closed', 'merged') OR ${cases.id} IN (SELECT case_id FROM screening_records WHERE round_id = ${id}))`,
      ),
    )
    .groupBy(cases.township, cases.village);
  const done = await db
    .select({
      township: screeningRecords.township,
      village: screeningRecords.village,
      screened: sql<number>`sum(CASE WHEN ${screeningRecords.result} = 'screened' THEN 1 ELSE 0 END)`,
      classified: sql<number>`sum(CASE WHEN ${screeningRecords.result} = 'screened' AND ${screeningRecords.proposedLevel} IS NOT NULL THEN 1 ELSE 0 END)`,
      recorded: sql<number>`count(*)`,
    })
    .from(screeningRecords)
    .where(and(eq(screeningRecords.roundId, id), inArray(screeningRecords.township, scope)))
    .groupBy(screeningRecords.township, screeningRecords.village);
  const townships = county.townships
    .filter((t) => scope.includes(t.id))
    .map((t) => {
      const villages = t.villages
        .filter((v) => !member.villages || member.villages.includes(v))
        .map((v) => {
          const r = done.find((d) => d.township === t.id && d.village === v);
          return {
            village: v,
            onRoster: rosterRows.find((x) => x.township === t.id && x.village === v)?.n ?? 0,
            screened: r?.screened ?? 0,
            classified: r?.classified ?? 0,
            recorded: r?.recorded ?? 0,
          };
        });
      const sum = (k: 'onRoster' | 'screened' | 'classified' | 'recorded') => villages.reduce((a, v) => a + v[k], 0);
      return {
        township: t.id,
        name: t.name,
        onRoster: sum('onRoster'),
        screened: sum('screened'),
        classified: sum('classified'),
        recorded: sum('recorded'),
        villages,
      };
    });
  const total = (k: 'onRoster' | 'screened' | 'classified') => townships.reduce((a, t) => a + t[k], 0);
  await audit(ctx, { action: 'read-round', recordKind: 'screening', recordRef: String(id), outcome: 'ok' });
  return {
    id: round.id,
    period: round.period,
    open: round.closedAt === null,
    onRoster: total('onRoster'),
    screened: total('screened'),
    classified: total('classified'),
    townships,
  };
}

/**
 * Which township a village is in, within the member's scope (a name can repeat across
 * townships): 400 for a village the county does not have, 403 (audited) for one the member
 * may not work in.
 */
async function townshipOfVillage(
  ctx: StaffContext,
  action: string,
  roundId: number,
  { village, township }: { village: string; township?: string },
): Promise<string> {
  const candidates = county.townships.filter(
    (t) => t.villages.includes(village) && (!township || t.id === township) && inScope(ctx.member, t.id),
  );
  if (candidates.length > 1) throw invalid({ township: t('api.screening.whichTownship') });
  const anywhere = county.townships.some((t) => t.villages.includes(village) && (!township || t.id === township));
  if (!anywhere) throw invalid({ village: t('check.err.village') });
  if (!candidates.length || !villageInScope(ctx, village)) {
    await deny(
      ctx,
      { action, recordKind: 'screening', recordRef: String(roundId), detail: 'village out of scope' },
      t('api.screening.villageOutOfScope'),
    );
  }
  return candidates[0]!.id;
}

/** The roster of one village in a round: every child on file there, and what was recorded for each so far. */
export async function roster(ctx: StaffContext, id: number, q: { township?: string; village: string }) {
  const { env, db } = ctx;
  const round = await roundOf(ctx, id);
  const township = await townshipOfVillage(ctx, 'roster', id, q);
  const rows = await db
    .select()
    .from(cases)
    .where(
      and(
        eq(cases.township, township),
        eq(cases.village, q.village),
        sql`(${cases.status} NOT IN ('closed', 'merged') OR ${cases.id} IN (SELECT case_id FROM screening_records WHERE round_id = ${id}))`,
      ),
    )
    .orderBy(cases.id);
  const records = await db
    .select()
    .from(screeningRecords)
    .where(and(eq(screeningRecords.roundId, id), inArray(screeningRecords.caseId, rows.map((r) => r.id).concat(-1))));
  await audit(ctx, { action: 'roster', recordKind: 'screening', recordRef: String(id), outcome: 'ok', detail: `${rows.length} rows` });
  return {
    round: { id: round.id, period: round.period, open: round.closedAt === null },
    township,
    townshipName: townshipName(township),
    village: q.village,
    children: await Promise.all(
      rows.map(async (r) => {
        const p = await readPersonal(env, r);
        const rec = records.find((x) => x.caseId === r.id);
        return {
          reference: r.reference,
          name: p?.child.name ?? null,
          birthDate: p?.child.birthDate ?? null,
          targetGroups: targetGroupLabels(JSON.parse(r.targetGroups) as string[]),
          riskLevel: r.riskLevel,
          record: rec
            ? {
                result: rec.result,
                targetGroups: JSON.parse(rec.targetGroups) as string[],
                proposedLevel: rec.proposedLevel,
                proposedLabel: rec.proposedLevel ? RISK_LEVELS[rec.proposedLevel as RiskLevel].label : null,
              }
            : null,
        };
      }),
    ),
  };
}

export interface ScreeningRecordBody {
  caseRef?: string;
  child?: CasePersonal['child'];
  people?: CasePersonal['people'];
  township?: string;
  village: string;
  result: 'screened' | 'notFound';
  targetGroups: TargetGroup[];
  proposedLevel?: RiskLevel;
  reason?: string;
  notes?: string;
}

/**
 * Records one child in a round: a child on the roster (caseRef), or one newly found, who is
 * filed at once (or matched to the file they already have). Recording again replaces the
 * child's record of this round. A 儿童主任 records only in their villages.
 */
export async function recordScreening(ctx: StaffContext, id: number, body: ScreeningRecordBody) {
  const { env, db, member, now } = ctx;
  const round = await roundOf(ctx, id);
  if (round.closedAt !== null) throw new ApiError(409, 'round_closed', t('api.screening.closed'));
  const township = await townshipOfVillage(ctx, 'screen', id, body);
  let file: { id: number; reference: string };
  let filed = false;
  if (body.caseRef) {
    // Outside the scope the file answers as missing: a reference tells nothing about a child elsewhere.
    const row = await scopedCaseFile(ctx, body.caseRef, 'screen');
    if (row.township !== township || row.village !== body.village) throw invalid({ village: t('api.screening.otherVillage') });
    const kept = await keptCase(db, row.id);
    // Merged into a file the member may not see (the county merged across townships): refused
    // without saying where that file is.
    if (!kept || !fileInScope(ctx, kept)) {
      await audit(ctx, {
        action: 'screen',
        recordKind: 'case',
        recordRef: row.reference,
        outcome: 'refused',
        detail: 'merged out of scope',
      });
      throw new ApiError(409, 'merged', t('api.screening.merged'));
    }
    file = kept;
  } else {
    const child = body.child!;
    // Only a file in the member's scope is taken for the child's: one elsewhere (the same ID
    // number in another township, the same name and birthday in another village) is neither
    // attached to, changed nor named. The child is filed here, and the two files show each
    // other as possible duplicates to whoever sees both (the county), who merges them.
    const found = await findCase(env, db, { township, child }, (f) => fileInScope(ctx, f));
    if (found) file = found;
    else {
      const reference = newReference('case');
      await db.batch(
        (await openCaseStatements(env, db, {
          reference,
          township,
          village: body.village,
          origin: 'screening',
          personal: { child, people: body.people },
          targetGroups: body.targetGroups,
          actor: { kind: 'staff', id: member.id },
        })) as never,
      );
      file = { id: (await db.select({ id: cases.id }).from(cases).where(eq(cases.reference, reference)))[0]!.id, reference };
      filed = true;
    }
  }
  const values = {
    roundId: id,
    caseId: file.id,
    township,
    village: body.village,
    result: body.result,
    targetGroups: JSON.stringify(body.result === 'screened' ? body.targetGroups : []),
    proposedLevel: body.result === 'screened' ? (body.proposedLevel ?? null) : null,
    reasonEnc: body.reason ? await encryptJson(env.DATA_KEY, 'screening_records.reason_enc', file.reference, body.reason) : null,
    notesEnc: body.notes ? await encryptJson(env.DATA_KEY, 'screening_records.notes_enc', file.reference, body.notes) : null,
    staffId: member.id,
    at: now,
  };
  await db.batch([
    db
      .insert(screeningRecords)
      .values(values)
      .onConflictDoUpdate({ target: [screeningRecords.roundId, screeningRecords.caseId], set: values }),
    // The file carries the groups as last classified; the level itself is set by township or county (初步筛选).
    ...(body.result === 'screened'
      ? [
          db
            .update(cases)
            .set({ targetGroups: JSON.stringify(body.targetGroups), updatedAt: now })
            .where(and(eq(cases.id, file.id), notInArray(cases.status, INACTIVE))),
        ]
      : []),
  ]);
  await audit(ctx, {
    action: 'screen',
    recordKind: 'case',
    recordRef: file.reference,
    outcome: 'ok',
    detail: `round ${id}: ${body.result}${filed ? ', filed' : ''}`,
  });
  return { round: id, caseRef: file.reference, filed, result: body.result };
}

/** The round the dashboard counts from: the one open, or else the last one closed. */
export async function currentRound(ctx: StaffContext): Promise<{ id: number; period: string } | null> {
  const [open] = await ctx.db.select().from(screeningRounds).where(isNull(screeningRounds.closedAt)).limit(1);
  const [last] = open ? [open] : await ctx.db.select().from(screeningRounds).orderBy(desc(screeningRounds.id)).limit(1);
  return last ? { id: last.id, period: last.period } : null;
}
