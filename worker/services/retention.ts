/**
 * Retention (nightly cron, wrangler.toml [triggers]): once a record has been over for longer
 * than the county keeps it (content/county.ts retentionDays), everything personal about it is
 * deleted — its encrypted fields, the notes about it, its text messages' number and text, its
 * blind indexes, the hash of the request, the documents attached to an application (R2 objects
 * and rows) — while the row stays, so the anonymous counts
 * remain. docs/privacy.md has the table of every personal field, how long it is kept, and
 * which step below deletes it:
 *
 * - applications rejected or withdrawn, volunteers rejected or withdrawn (the status models'
 *   `purgeable` states), after closedApplications days;
 * - volunteers inactive (暂停) for closedApplications days with no child paired: they are
 *   withdrawn by the system and purged, since nothing is kept "in case" (个人信息保护法第十九条);
 * - reports closed, after closedReports days, with what was copied from them into a child's
 *   file (before child files existed, a triaged report became an application holding its text);
 * - child files closed, after closedApplications days, with every application, visit, risk
 *   level, screening record, pairing note, 认定审核 record (batch reason, evaluation, plan,
 *   opinions, referrals) and file merged into them: the whole child;
 * - a file that only an application brought, and holds nothing else, once that application is
 *   purged: it is closed and purged with it.
 */
import county from '#content/county.ts';
import type { IntakeKind } from '#src/domain/reference-code.ts';
import { SESSION_LIMITS } from '#src/domain/staff-sign-in.ts';
import { purgeableStates } from '#src/domain/status-model.ts';
import type { Env } from '../env.ts';
import { purgeFiles } from './materials.ts';
import { recordOf } from './records.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface RetentionResult {
  applications: number;
  volunteers: number;
  reports: number;
  cases: number;
  /** Attached files deleted (R2 objects and rows), and objects left without a row by a crash. */
  files: number;
  orphanFiles: number;
  /** Staff sign-in leftovers cleared: codes sent by SMS, spent tickets, ended sessions, phones of closed accounts. */
  staffSignIns: number;
}

/**
 * The statements that delete everything personal about the rows of `table` that `due` (SQL
 * selecting their ids, with `args`) finds: their status events' notes, their text messages,
 * the notes of pairings they were part of, and last their own fields (which takes them out of
 * `due`, so it comes last).
 */
function purgeStatements(
  env: Env,
  kind: IntakeKind,
  due: string,
  args: unknown[],
  now: number,
  extra: { clear?: string; pairedBy?: string; set?: string } = {},
): D1PreparedStatement[] {
  const pairingsOf = `SELECT id FROM pairings WHERE ${extra.pairedBy} IN (${due})`;
  return [
    env.DB.prepare(
      `UPDATE status_events SET public_note_enc = NULL, internal_note_enc = NULL WHERE kind = ? AND record_id IN (${due})`,
    ).bind(kind, ...args),
    // The text messages about it: the number and the text go; the rows stay, as counts do.
    env.DB.prepare(
      `UPDATE sms_outbox SET phone_enc = NULL, phone_index = NULL, message_enc = NULL WHERE kind = ? AND record_id IN (${due})`,
    ).bind(kind, ...args),
    // The pairings it was part of: the reasons and the contact log talk about both people.
    ...(extra.pairedBy
      ? [
          env.DB.prepare(`UPDATE pairing_contacts SET note_enc = NULL WHERE pairing_id IN (${pairingsOf})`).bind(...args),
          env.DB.prepare(`UPDATE pairings SET end_reason_enc = NULL, override_reason_enc = NULL WHERE id IN (${pairingsOf})`).bind(...args),
        ]
      : []),
    env.DB.prepare(
      `UPDATE ${kind}s SET personal_enc = NULL, request_hash = NULL${extra.clear ?? ''}${extra.set ?? ''}, purged_at = ? WHERE id IN (${due})`,
    ).bind(now, ...args),
  ];
}

/** The background check's outcome says something about the person's record: it goes too. */
const VOLUNTEER_CLEAR = ', background_check_result = NULL, background_checked_at = NULL, background_check_expires = NULL';

/** Per kind: how long its records are kept after they are over, and further columns to clear. */
const KINDS: { kind: IntakeKind; days: number; clear: string; pairedBy?: string }[] = [
  { kind: 'application', days: county.retentionDays.closedApplications, clear: ', screening_enc = NULL' },
  { kind: 'volunteer', days: county.retentionDays.closedApplications, clear: VOLUNTEER_CLEAR, pairedBy: 'volunteer_id' },
  { kind: 'report', days: county.retentionDays.closedReports, clear: '' },
];

const changes = (results: D1Result[]) => results.at(-1)!.meta.changes;

/**
 * What 认定审核 wrote about the files `files` (SQL selecting their ids) finds: the reason a
 * batch gave, the evaluation (the child's situation, the family's means, the guardianship), the
 * plan's measures, reasons and notes, the departments' opinions, and the referrals' requests
 * and answers. The rows stay (the dashboard counts them); the words go.
 */
function reviewStatements(env: Env, files: string, args: unknown[]): D1PreparedStatement[] {
  const itemsOf = `SELECT id FROM plan_items WHERE case_id IN (${files})`;
  return [
    env.DB.prepare(`UPDATE batch_items SET reason_enc = NULL WHERE case_id IN (${files})`).bind(...args),
    env.DB.prepare(
      `UPDATE evaluations SET situation_enc = NULL, means_enc = NULL, guardianship_enc = NULL WHERE case_id IN (${files})`,
    ).bind(...args),
    env.DB.prepare(`UPDATE opinions SET opinion_enc = NULL WHERE plan_item_id IN (${itemsOf})`).bind(...args),
    env.DB.prepare(`UPDATE plan_items SET measure_enc = NULL, reason_enc = NULL, public_note_enc = NULL WHERE case_id IN (${files})`).bind(
      ...args,
    ),
    env.DB.prepare(`UPDATE referrals SET request_enc = NULL, response_enc = NULL WHERE case_id IN (${files})`).bind(...args),
  ];
}

export async function runRetention(env: Env, now: number): Promise<RetentionResult> {
  const result: RetentionResult = { applications: 0, volunteers: 0, reports: 0, cases: 0, files: 0, orphanFiles: 0, staffSignIns: 0 };
  for (const { kind, days, clear, pairedBy } of KINDS) {
    const statuses = purgeableStates(recordOf(kind).model);
    const due = `SELECT id FROM ${kind}s WHERE status IN (${statuses.map(() => '?').join(', ')}) AND updated_at < ? AND purged_at IS NULL`;
    const args = [...statuses, now - days * DAY];
    // A closed report's copy in a child's file goes with it (below), before the report itself.
    if (kind === 'report') result.applications += await purgeReportCopies(env, due, args, now);
    result[`${kind}s` as keyof RetentionResult] += changes(
      await env.DB.batch(purgeStatements(env, kind, due, args, now, { clear, pairedBy })),
    );
  }
  result.volunteers += await purgeInactiveVolunteers(env, now);
  result.cases += await purgeFilesOfPurgedApplications(env, now);
  const files = await purgeClosedCases(env, now);
  result.cases += files.cases;
  result.applications += files.applications;
  // The documents go with the application's personal data (and leftovers of a crash with them).
  ({ files: result.files, orphans: result.orphanFiles } = await purgeFiles(env, now));
  result.staffSignIns = await purgeStaffSignIns(env, now);
  // Counts only: never a reference or anything personal in the log.
  console.log(
    `retention: purged personal data of ${result.applications} applications, ${result.volunteers} volunteers, ${result.reports} reports, ${result.cases} child files; deleted ${result.files} attached files and ${result.orphanFiles} left-over objects`,
  );
  return result;
}

/**
 * Staff sign-in keeps nothing longer than it serves: a code sent by SMS (the phone and the text)
 * a day, a sign-in under way once it is over, a session a day after it ended, and the phone of an
 * account that is revoked or has run out.
 */
async function purgeStaffSignIns(env: Env, now: number): Promise<number> {
  return changes(
    await env.DB.batch([
      env.DB.prepare(
        "UPDATE sms_outbox SET phone_enc = NULL, phone_index = NULL, message_enc = NULL WHERE kind = 'staff' AND created_at < ? AND phone_enc IS NOT NULL",
      ).bind(now - DAY),
      env.DB.prepare('DELETE FROM staff_sign_ins WHERE expires_at < ?').bind(now - SESSION_LIMITS.ticketMs),
      env.DB.prepare('DELETE FROM staff_sessions WHERE coalesce(ended_at, expires_at) < ?').bind(now - DAY),
      env.DB.prepare('UPDATE staff SET phone_enc = NULL WHERE phone_enc IS NOT NULL AND (revoked_at IS NOT NULL OR expires_at < ?)').bind(
        now,
      ),
    ]),
  );
}

/**
 * Volunteers paused (inactive) for longer than the county keeps closed records, with no child
 * paired: the system withdraws them (已退出, an event says so) and deletes their data.
 */
async function purgeInactiveVolunteers(env: Env, now: number): Promise<number> {
  const due = `SELECT id FROM volunteers WHERE status = 'inactive' AND updated_at < ? AND purged_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.volunteer_id = volunteers.id AND p.ended_at IS NULL)`;
  const args = [now - county.retentionDays.closedApplications * DAY];
  const results = await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO status_events (kind, record_id, from_status, to_status, actor_kind, at)
       SELECT 'volunteer', id, 'inactive', 'withdrawn', 'system', ? FROM (${due})`,
    ).bind(now, ...args),
    ...purgeStatements(env, 'volunteer', due, args, now, {
      clear: VOLUNTEER_CLEAR,
      pairedBy: 'volunteer_id',
      set: `, status = 'withdrawn', updated_at = ${Number(now)}`,
    }),
  ]);
  return changes(results);
}

/**
 * What a closed report left in a child's file before child files existed: the application a
 * triage made of it (idempotency key `report:<reference>`, holding the description and the
 * place), and the file opened from it while nobody knows yet who the child is — all of that
 * file came from the report. Answers how many applications were purged.
 */
async function purgeReportCopies(env: Env, dueReports: string, args: unknown[], now: number): Promise<number> {
  const copies = `SELECT id FROM applications WHERE purged_at IS NULL AND idempotency_key IN (SELECT 'report:' || reference FROM reports WHERE id IN (${dueReports}))`;
  const files = `SELECT id FROM cases WHERE purged_at IS NULL AND status = 'unverified' AND origin = 'report' AND id IN (SELECT case_id FROM reports WHERE id IN (${dueReports}))`;
  const results = await env.DB.batch([
    env.DB.prepare(`DELETE FROM case_index WHERE case_id IN (${files})`).bind(...args),
    env.DB.prepare(`UPDATE cases SET personal_enc = NULL, purged_at = ? WHERE id IN (${files})`).bind(now, ...args),
    ...purgeStatements(env, 'application', copies, args, now, { clear: ', screening_enc = NULL' }),
  ]);
  return changes(results);
}

/**
 * A file opened by an application and holding nothing else — no other application, no report,
 * no visit, risk level, screening record or pairing — once every application of it is purged:
 * the family's details are all it has, and they came with the application that is gone. The
 * system closes it (an event says so) and deletes them.
 */
async function purgeFilesOfPurgedApplications(env: Env, now: number): Promise<number> {
  const due = `SELECT id FROM cases c WHERE c.origin = 'application' AND c.status IN ('open', 'unverified') AND c.purged_at IS NULL
    AND EXISTS (SELECT 1 FROM applications a WHERE a.case_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.case_id = c.id AND a.purged_at IS NULL)
    AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.case_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.case_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM risk_assessments k WHERE k.case_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM screening_records s WHERE s.case_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.case_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM cases m WHERE m.merged_into = c.id)`;
  const results = await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO status_events (kind, record_id, from_status, to_status, actor_kind, at)
       SELECT 'case', id, status, 'closed', 'system', ? FROM cases WHERE id IN (${due})`,
    ).bind(now),
    env.DB.prepare(`DELETE FROM case_index WHERE case_id IN (${due})`),
    ...reviewStatements(env, due, []),
    env.DB.prepare(`UPDATE cases SET personal_enc = NULL, status = 'closed', updated_at = ?, purged_at = ? WHERE id IN (${due})`).bind(
      now,
      now,
    ),
  ]);
  return changes(results);
}

/**
 * Child files closed for longer than the county keeps them, and every file merged into one of
 * them: everything written about the child goes — its applications (whatever their status),
 * visits, risk levels, screening records, pairing notes, notes and indexes.
 */
async function purgeClosedCases(env: Env, now: number): Promise<{ cases: number; applications: number }> {
  const cutoff = now - county.retentionDays.closedApplications * DAY;
  // The closed files due, and the files merged into them (merges chain: followed all the way).
  const due = `WITH RECURSIVE file(id) AS (
      SELECT id FROM cases WHERE status = 'closed' AND updated_at < ? AND purged_at IS NULL
      UNION SELECT c.id FROM cases c JOIN file ON c.merged_into = file.id WHERE c.purged_at IS NULL
    ) SELECT id FROM file`;
  const args = [cutoff];
  const applicationsOf = `SELECT id FROM applications WHERE purged_at IS NULL AND case_id IN (${due})`;
  const pairingsOf = `SELECT id FROM pairings WHERE case_id IN (${due})`;
  const apps = await env.DB.batch(purgeStatements(env, 'application', applicationsOf, args, now, { clear: ', screening_enc = NULL' }));
  const results = await env.DB.batch([
    env.DB.prepare(
      `UPDATE status_events SET public_note_enc = NULL, internal_note_enc = NULL WHERE kind = 'case' AND record_id IN (${due})`,
    ).bind(...args),
    env.DB.prepare(`UPDATE risk_assessments SET reason_enc = NULL WHERE case_id IN (${due})`).bind(...args),
    env.DB.prepare(`UPDATE visits SET findings_enc = NULL, companions_enc = NULL WHERE case_id IN (${due})`).bind(...args),
    env.DB.prepare(`UPDATE screening_records SET reason_enc = NULL, notes_enc = NULL WHERE case_id IN (${due})`).bind(...args),
    env.DB.prepare(`UPDATE pairing_contacts SET note_enc = NULL WHERE pairing_id IN (${pairingsOf})`).bind(...args),
    env.DB.prepare(`UPDATE pairings SET end_reason_enc = NULL, override_reason_enc = NULL WHERE id IN (${pairingsOf})`).bind(...args),
    env.DB.prepare(`DELETE FROM case_index WHERE case_id IN (${due})`).bind(...args),
    ...reviewStatements(env, due, args),
    env.DB.prepare(`UPDATE cases SET personal_enc = NULL, purged_at = ? WHERE id IN (${due})`).bind(now, ...args),
  ]);
  return { cases: changes(results), applications: changes(apps) };
}
