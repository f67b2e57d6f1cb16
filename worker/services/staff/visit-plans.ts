/**
 * 预约上门走访: staff set the day they will visit a child's home, and the family is told — on
 * the timeline of each open application of the child (/status/ shows it) and, where they said
 * yes to messages, by SMS: 「工作人员将于12月5日上门走访」, the day and nothing about the child.
 * A family expects to know when someone will knock; the county taking the child in
 * (applicationAccepted) only says a visit is to come.
 *
 * Nothing is stored beyond those notes: the day lives in the applications' timelines, which
 * the child's file shows, and the visit itself is recorded as ever when it has happened.
 */
import { CLOSED_APPLICATION_STATUSES } from '#src/domain/application-status.ts';
import { todayInChina } from '#src/eligibility/age.ts';
import { t } from '#src/i18n/index.ts';
import type { StaffContext } from '../../env.ts';
import { ApiError } from '../../lib/errors.ts';
import { audit } from '../../lib/staff-auth.ts';
import { invalid } from '../../lib/validate.ts';
import { caseGroup } from '../case-files.ts';
import { noteWithMessage, openApplications } from '../notify.ts';
import { commit } from '../records.ts';
import { resolveCase } from './case-scope.ts';

/** 2026-12-05 → 12月5日: how the family reads the day (the year is the coming one). */
export function visitDay(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  return t('api.visit.day', { m: m!, d: d! });
}

export async function bookVisit(ctx: StaffContext, reference: string, body: { date: string }) {
  const { env, db, member, now } = ctx;
  const row = await resolveCase(ctx, reference, 'book-visit');
  if (body.date < todayInChina(new Date(now))) throw invalid({ date: t('staff.visitPlan.err.past') });
  const families = await openApplications(db, await caseGroup(db, row.id));
  if (!families.length) {
    await audit(ctx, { action: 'book-visit', recordKind: 'case', recordRef: row.reference, outcome: 'refused', detail: 'no_application' });
    throw new ApiError(409, 'no_application', t('staff.visitPlan.err.noFamily'));
  }
  const day = visitDay(body.date);
  const statements: D1PreparedStatement[] = [];
  /** Where each family's note is in the batch: it tells whether that family was told. */
  const notes: number[] = [];
  for (const f of families) {
    notes.push(statements.length);
    statements.push(
      ...(await noteWithMessage(
        env,
        { kind: 'application', ...f },
        {
          publicText: t('status.note.visitBooked', { date: day }),
          actorKind: 'staff',
          actorId: member.id,
          // Still open when the batch runs: a family that withdrew meanwhile is not told.
          guard: {
            sql: `status NOT IN (${CLOSED_APPLICATION_STATUSES.map(() => '?').join(', ')})`,
            args: [...CLOSED_APPLICATION_STATUSES],
          },
        },
        { template: 'visitBooked', vars: { reference: f.reference, date: day } },
      )),
    );
  }
  const results = await commit(env, statements);
  const told = families.filter((_, i) => results[notes[i]!]?.meta.changes === 1).map((f) => f.reference);
  await audit(ctx, { action: 'book-visit', recordKind: 'case', recordRef: row.reference, outcome: 'ok', detail: body.date });
  return { case: row.reference, date: body.date, applications: told };
}
