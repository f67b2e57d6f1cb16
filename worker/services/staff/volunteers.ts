/**
 * Volunteers and 爱心妈妈 for staff: the screening pipeline, the background check with its
 * expiry, and one-to-one pairing with a child's case (篇一 三(二)5 「一对一」结对).
 */
import { and, count, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { CASE_MODEL, INACTIVE_CASE_STATUSES } from '#src/domain/case-status.ts';
import { can } from '#src/domain/staff-roles.ts';
import { allowedMoves, statusLabel } from '#src/domain/status-model.ts';
import { CONTACT_ALERT_DAYS, VOLUNTEER_MODEL, VOLUNTEER_ROLES, type VolunteerStatus } from '#src/domain/volunteer-status.ts';
import county from '#content/county.ts';
import { deptName } from '#src/config/county-schema.ts';
import { uniqueViolation, type Database } from '../../db/client.ts';
import { cases, pairingContacts, pairings, volunteers } from '../../db/schema.ts';
import type { StaffContext } from '../../env.ts';
import { decryptOrNull, encryptJson } from '../../lib/crypto.ts';
import { ApiError } from '../../lib/errors.ts';
import { audit, deny, inScope, requireCapability, scopeOf } from '../../lib/staff-auth.ts';
import { invalid } from '../../lib/validate.ts';
import { pairingStatements } from '../notify.ts';
import { commit, commitGuarded, endPairingStatements, startPairingStatements } from '../records.ts';
import { caseGroup } from '../case-files.ts';
import { resolveCase } from './case-scope.ts';
import { applyStaffMove, checkStaffMove, listRecords, refuseMove, scopedRecord, staffTimeline, type RecordFilters } from './status.ts';
import { t } from '#src/i18n/index.ts';

const DAY = 24 * 60 * 60 * 1000;

const label = (s: string) => statusLabel(VOLUNTEER_MODEL, s);
const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : null);

/** Pairing and its end move a volunteer between ready and paired; only the pairing screen makes these moves. */
const isPairingMove = (from: VolunteerStatus, to: VolunteerStatus) => to === 'paired' || (from === 'paired' && to === 'ready');

async function activePairings(db: Database, volunteerId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(pairings)
    .where(and(eq(pairings.volunteerId, volunteerId), isNull(pairings.endedAt)));
  return row?.n ?? 0;
}

export async function listVolunteers(ctx: StaffContext, f: RecordFilters) {
  const { now } = ctx;
  const rows = await listRecords(ctx, 'volunteer', f, t('api.volunteer.adminNo'), (db) =>
    db
      .select({
        id: volunteers.id,
        reference: volunteers.reference,
        status: volunteers.status,
        role: volunteers.role,
        township: volunteers.township,
        village: volunteers.village,
        capacity: volunteers.capacity,
        skills: volunteers.skills,
        checkResult: volunteers.backgroundCheckResult,
        checkExpires: volunteers.backgroundCheckExpires,
        active: sql<number>`(SELECT count(*) FROM pairings p WHERE p.volunteer_id = ${volunteers.id} AND p.ended_at IS NULL)`,
      })
      .from(volunteers)
      .$dynamic(),
  );
  return rows.map(({ id: _id, ...r }) => ({
    ...r,
    statusLabel: label(r.status),
    roleLabel: VOLUNTEER_ROLES[r.role as keyof typeof VOLUNTEER_ROLES] ?? r.role,
    skills: JSON.parse(r.skills) as string[],
    checkExpires: iso(r.checkExpires),
    checkValid: r.checkResult === 'clear' && (r.checkExpires ?? 0) > now,
    /** Can take another child now. */
    available: ['ready', 'paired'].includes(r.status) && r.active < r.capacity && r.checkResult === 'clear' && (r.checkExpires ?? 0) > now,
  }));
}

export async function readVolunteer(ctx: StaffContext, reference: string) {
  const { env, db, member, now } = ctx;
  const row = await scopedRecord(ctx, 'volunteer', reference, 'read');
  const personal = await decryptOrNull<{ name: string; phone: string; idNumber: string; experience: string }>(
    env.DATA_KEY,
    'volunteers.personal_enc',
    row.reference,
    row.personalEnc,
  );
  // The ID number is only for the background check: township and county.
  if (personal && !can(member.role, 'seeIdNumbers')) personal.idNumber = '';
  const paired = await db
    .select({ id: pairings.id, case: cases.reference, startedAt: pairings.startedAt, lastContactAt: pairings.lastContactAt })
    .from(pairings)
    .innerJoin(cases, eq(cases.id, pairings.caseId))
    .where(and(eq(pairings.volunteerId, row.id), isNull(pairings.endedAt)));
  await audit(ctx, { action: 'read', recordKind: 'volunteer', recordRef: reference, outcome: 'ok' });
  return {
    reference: row.reference,
    status: row.status,
    statusLabel: label(row.status),
    role: row.role,
    township: row.township,
    village: row.village,
    capacity: row.capacity,
    skills: JSON.parse(row.skills) as string[],
    availability: JSON.parse(row.availability) as { days: string[]; times: string[] },
    personal,
    backgroundCheck: {
      result: row.backgroundCheckResult,
      checkedAt: iso(row.backgroundCheckedAt),
      expiresAt: iso(row.backgroundCheckExpires),
      valid: row.backgroundCheckResult === 'clear' && (row.backgroundCheckExpires ?? 0) > now,
    },
    allowed: allowedMoves(VOLUNTEER_MODEL, row.status as VolunteerStatus, member.role).filter(
      (m) => !isPairingMove(row.status as VolunteerStatus, m.to),
    ),
    timeline: await staffTimeline(ctx, 'volunteer', row),
    pairings: paired.map((p) => ({ ...p, startedAt: iso(p.startedAt), lastContactAt: iso(p.lastContactAt) })),
  };
}

/** Moves a volunteer through the pipeline (pairing itself goes through createPairing). */
export async function transitionVolunteer(
  ctx: StaffContext,
  reference: string,
  body: { to: string; reason?: string; publicNote?: string; internalNote?: string },
) {
  const row = await scopedRecord(ctx, 'volunteer', reference, 'transition');
  const { to } = body;
  const detail = `${row.status}→${to}`;
  await checkStaffMove(ctx, 'volunteer', row, body, {
    denied: t('api.staff.roleCannot'),
    reasonField: 'reason',
    reasonMissing: t('api.volunteer.reason'),
  });
  if (isPairingMove(row.status as VolunteerStatus, to as VolunteerStatus)) {
    await refuseMove(
      ctx,
      'volunteer',
      reference,
      `${detail}: use pairings`,
      new ApiError(409, 'not_allowed', t('api.volunteer.pairingElsewhere')),
    );
  }
  // Training comes after a clear background check, never before.
  if (to === 'training' && row.backgroundCheckResult !== 'clear') {
    await refuseMove(
      ctx,
      'volunteer',
      reference,
      `${detail}: no clear check`,
      new ApiError(409, 'background_check_required', t('api.volunteer.backgroundFirst')),
    );
  }
  return applyStaffMove(ctx, 'volunteer', row, body);
}

/** Records the background check (入职查询) and when it runs out. */
export async function recordBackgroundCheck(
  ctx: StaffContext,
  reference: string,
  body: { result: 'clear' | 'notClear'; checkedAt: number; expiresAt: number },
) {
  const { db, now } = ctx;
  await requireCapability(
    ctx,
    'manage',
    { action: 'background-check', recordKind: 'volunteer', recordRef: reference },
    t('api.volunteer.backgroundWho', { dept: deptName(county, 'civilAffairs') }),
  );
  const row = await scopedRecord(ctx, 'volunteer', reference, 'background-check');
  if (body.expiresAt <= body.checkedAt) throw invalid({ expiresAt: t('api.volunteer.expiresAfter') });
  if (body.checkedAt > now + DAY) throw invalid({ checkedAt: t('api.volunteer.checkedFuture') });
  await db
    .update(volunteers)
    .set({
      backgroundCheckResult: body.result,
      backgroundCheckedAt: body.checkedAt,
      backgroundCheckExpires: body.expiresAt,
      updatedAt: now,
    })
    .where(eq(volunteers.id, row.id));
  await audit(ctx, {
    action: 'background-check',
    recordKind: 'volunteer',
    recordRef: reference,
    outcome: 'ok',
    detail: body.result,
  });
  return { reference, result: body.result, expiresAt: iso(body.expiresAt) };
}

/**
 * Pairs a volunteer with a child's case: the volunteer is ready (or paired with room to
 * spare), has a clear background check that has not run out, serves the child's township
 * unless a reason is given; the child has no other active pairing.
 */
export async function createPairing(
  ctx: StaffContext,
  body: { volunteer: string; case?: string; application?: string; overrideReason?: string },
) {
  const { env, db, member, now } = ctx;
  await requireCapability(
    ctx,
    'pair',
    { action: 'pair', recordKind: 'volunteer', recordRef: body.volunteer },
    t('api.pairing.who', { dept: deptName(county, 'civilAffairs') }),
  );
  const childRef = body.case ?? body.application;
  if (!childRef) throw invalid({ case: t('api.pairing.child') });
  // The child's file, also when an application's reference is given: one child, one pairing.
  const child = await resolveCase(ctx, childRef, 'pair');
  const v = await scopedRecord(ctx, 'volunteer', body.volunteer, 'pair');
  const refuse = async (code: string, message: string, fields: Record<string, string> = {}) => {
    await audit(ctx, {
      action: 'pair',
      recordKind: 'volunteer',
      recordRef: body.volunteer,
      outcome: 'refused',
      detail: `${child.reference}: ${code}`,
    });
    throw new ApiError(409, code, message, fields);
  };
  if ((INACTIVE_CASE_STATUSES as string[]).includes(child.status))
    await refuse('case_closed', t('api.pairing.caseClosed', { status: statusLabel(CASE_MODEL, child.status) }));
  // One active pairing per child, across every file merged into this one.
  const paired = await db
    .select({ id: pairings.id })
    .from(pairings)
    .where(and(inArray(pairings.caseId, await caseGroup(db, child.id)), isNull(pairings.endedAt)))
    .limit(1);
  if (paired.length) await refuse('child_already_paired', t('api.pairing.childPaired'));
  if (!['ready', 'paired'].includes(v.status)) await refuse('volunteer_not_ready', t('api.pairing.notReady', { status: label(v.status) }));
  if (v.backgroundCheckResult !== 'clear') await refuse('background_check_required', t('api.pairing.noBackground'));
  if ((v.backgroundCheckExpires ?? 0) <= now) await refuse('background_check_expired', t('api.pairing.backgroundExpired'));
  if ((await activePairings(db, v.id)) >= v.capacity) await refuse('capacity_reached', t('api.pairing.full', { capacity: v.capacity }));
  if (v.township !== child.township && !body.overrideReason) {
    await refuse('different_township', t('api.pairing.differentTownship'), {
      overrideReason: t('api.pairing.overrideReason'),
    });
  }
  const pairing = startPairingStatements(env.DB, {
    volunteerId: v.id,
    volunteerStatus: v.status,
    capacity: v.capacity,
    caseId: child.id,
    now,
    overrideReasonEnc: body.overrideReason
      ? await encryptJson(env.DATA_KEY, 'pairings.override_reason_enc', v.reference, body.overrideReason)
      : null,
    staffId: member.id,
  });
  // The notes and messages come after, each written only if this pairing was.
  const told = await pairingStatements(env, db, {
    caseIds: await caseGroup(db, child.id),
    volunteer: { kind: 'volunteer', ...v },
    started: true,
    actorId: member.id,
    guard: {
      sql: 'EXISTS (SELECT 1 FROM pairings WHERE volunteer_id = ? AND case_id = ? AND started_at = ? AND ended_at IS NULL)',
      args: [v.id, child.id, now],
    },
  });
  const statements = [...pairing, ...told];
  try {
    const [inserted] = await commit(env, statements);
    if (inserted?.meta.changes !== 1) await refuse('capacity_reached', t('api.pairing.full', { capacity: v.capacity }));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (uniqueViolation(error, 'pairings.case_id')) await refuse('child_already_paired', t('api.pairing.childPaired'));
    throw error;
  }
  await audit(ctx, { action: 'pair', recordKind: 'volunteer', recordRef: v.reference, outcome: 'ok', detail: child.reference });
  const [p] = await db
    .select({ id: pairings.id })
    .from(pairings)
    .where(and(eq(pairings.caseId, child.id), isNull(pairings.endedAt)))
    .limit(1);
  return { id: p!.id, volunteer: v.reference, case: child.reference, startedAt: iso(now) };
}

async function scopedPairing(ctx: StaffContext, id: number, action: string) {
  const { db, member } = ctx;
  const [p] = await db
    .select({
      id: pairings.id,
      endedAt: pairings.endedAt,
      volunteerId: pairings.volunteerId,
      volunteerRef: volunteers.reference,
      volunteerStatus: volunteers.status,
      caseId: pairings.caseId,
      childRef: cases.reference,
      childTownship: cases.township,
      startedAt: pairings.startedAt,
      lastContactAt: pairings.lastContactAt,
    })
    .from(pairings)
    .innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
    .innerJoin(cases, eq(cases.id, pairings.caseId))
    .where(eq(pairings.id, id))
    .limit(1);
  if (!p) throw new ApiError(404, 'not_found', t('api.pairing.none'));
  if (!can(member.role, 'workOnRecords') || !inScope(member, p.childTownship))
    await deny(ctx, { action, recordKind: 'pairing', recordRef: String(id) });
  return p;
}

export async function endPairing(ctx: StaffContext, id: number, reason: string) {
  const { env, db, member, now } = ctx;
  // Ending a pairing is arranging one: township and county (docs/staff.md), never a village account.
  await requireCapability(
    ctx,
    'pair',
    { action: 'end-pairing', recordKind: 'pairing', recordRef: String(id) },
    t('api.pairing.endWho', { dept: deptName(county, 'civilAffairs') }),
  );
  const p = await scopedPairing(ctx, id, 'end-pairing');
  if (p.endedAt) throw new ApiError(409, 'not_allowed', t('api.pairing.ended'));
  // With no child left, a paired volunteer is ready again: in the same batch, so a pairing made meanwhile is seen.
  const ending = endPairingStatements(env.DB, {
    id,
    volunteerId: p.volunteerId,
    now,
    endReasonEnc: await encryptJson(env.DATA_KEY, 'pairings.end_reason_enc', p.volunteerRef, reason),
    staffId: member.id,
  });
  const [volunteer] = await db.select().from(volunteers).where(eq(volunteers.id, p.volunteerId));
  const told = await pairingStatements(env, db, {
    caseIds: await caseGroup(db, p.caseId),
    volunteer: { kind: 'volunteer', ...volunteer! },
    started: false,
    actorId: member.id,
    guard: { sql: 'EXISTS (SELECT 1 FROM pairings WHERE id = ? AND ended_at = ?)', args: [id, now] },
  });
  await commitGuarded(env, [...ending, ...told]);
  await audit(ctx, { action: 'end-pairing', recordKind: 'pairing', recordRef: String(id), outcome: 'ok' });
  return { id, endedAt: iso(now) };
}

export async function logContact(ctx: StaffContext, id: number, body: { at: number; note: string }) {
  const { env, db, member, now } = ctx;
  const p = await scopedPairing(ctx, id, 'contact');
  if (p.endedAt) throw new ApiError(409, 'not_allowed', t('api.pairing.ended'));
  if (body.at > now + 5 * 60_000) throw invalid({ at: t('api.pairing.contactFuture') });
  await db.batch([
    db.insert(pairingContacts).values({
      pairingId: id,
      at: body.at,
      noteEnc: await encryptJson(env.DATA_KEY, 'pairing_contacts.note_enc', p.volunteerRef, body.note),
      staffId: member.id,
    }),
    db
      .update(pairings)
      .set({ lastContactAt: sql`max(coalesce(${pairings.lastContactAt}, 0), ${body.at})` })
      .where(eq(pairings.id, id)),
  ]);
  await audit(ctx, { action: 'contact', recordKind: 'pairing', recordRef: String(id), outcome: 'ok' });
  return { id, at: iso(body.at) };
}

/** Active pairings in scope; with `alert`, only those without contact for 30 days. */
export async function listPairings(ctx: StaffContext, alert: boolean) {
  const { db, member, now } = ctx;
  await requireCapability(ctx, 'workOnRecords', { action: 'list', recordKind: 'pairing' }, t('api.staff.adminNoCases'));
  const cutoff = now - CONTACT_ALERT_DAYS * DAY;
  const rows = await db
    .select({
      id: pairings.id,
      volunteer: volunteers.reference,
      role: volunteers.role,
      case: cases.reference,
      township: cases.township,
      startedAt: pairings.startedAt,
      lastContactAt: pairings.lastContactAt,
    })
    .from(pairings)
    .innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
    .innerJoin(cases, eq(cases.id, pairings.caseId))
    .where(
      and(
        isNull(pairings.endedAt),
        inArray(cases.township, scopeOf(member)),
        alert ? or(lt(pairings.lastContactAt, cutoff), and(isNull(pairings.lastContactAt), lt(pairings.startedAt, cutoff))) : undefined,
      ),
    )
    .orderBy(desc(pairings.id));
  await audit(ctx, { action: 'list', recordKind: 'pairing', outcome: 'ok', detail: `${rows.length} rows${alert ? ', alert' : ''}` });
  return rows.map((r) => {
    const last = r.lastContactAt ?? r.startedAt;
    return {
      ...r,
      startedAt: iso(r.startedAt),
      lastContactAt: iso(r.lastContactAt),
      daysWithoutContact: Math.floor((now - last) / DAY),
      alert: last < cutoff,
    };
  });
}
