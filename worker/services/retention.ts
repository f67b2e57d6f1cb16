/**
 * Retention (nightly cron, wrangler.toml [triggers]): once a record has been in a purgeable
 * state (the status models say which: rejected or withdrawn applications, rejected or
 * withdrawn volunteers, closed reports, closed child files) for longer than the county's
 * retentionDays, its personal data is deleted — the encrypted fields, the notes about it,
 * the notes of its pairings, a volunteer's background-check outcome, a file's blind indexes,
 * the number and text of its text messages, the hash of the request, and the files attached to
 * an application (R2 objects and rows) — while the row stays, so the anonymous counts remain.
 */
import county from '../../content/county.ts';
import type { IntakeKind } from '../../src/domain/reference-code.ts';
import { purgeableStates } from '../../src/domain/status-model.ts';
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
}

/** Per kind: how long its records are kept, further columns to clear, and its column in pairings. */
const KINDS: { kind: IntakeKind; days: number; clear: string; pairedBy: string | null }[] = [
  { kind: 'application', days: county.retentionDays.closedApplications, clear: ', screening_enc = NULL', pairedBy: null },
  // The background check's outcome says something about the person's record: it goes too.
  {
    kind: 'volunteer',
    days: county.retentionDays.closedApplications,
    clear: ', background_check_result = NULL, background_checked_at = NULL, background_check_expires = NULL',
    pairedBy: 'volunteer_id',
  },
  { kind: 'report', days: county.retentionDays.closedReports, clear: '', pairedBy: null },
];

export async function runRetention(env: Env, now: number): Promise<RetentionResult> {
  const result: RetentionResult = { applications: 0, volunteers: 0, reports: 0, cases: 0, files: 0, orphanFiles: 0 };
  for (const { kind, days, clear, pairedBy } of KINDS) {
    const { model } = recordOf(kind);
    const name = `${kind}s`;
    const statuses = purgeableStates(model);
    const due = `SELECT id FROM ${name} WHERE status IN (${statuses.map(() => '?').join(', ')}) AND updated_at < ? AND purged_at IS NULL`;
    const args = [...statuses, now - days * DAY];
    const pairingsOf = `SELECT id FROM pairings WHERE ${pairedBy} IN (${due})`;
    const statements = [
      // Notes attached to the record: its status events, and the pairings it was part of
      // (the reasons and the contact log talk about both people).
      env.DB.prepare(
        `UPDATE status_events SET public_note_enc = NULL, internal_note_enc = NULL WHERE kind = ? AND record_id IN (${due})`,
      ).bind(kind, ...args),
      // The text messages about it: the number and the text go; the rows stay, as counts do.
      env.DB.prepare(
        `UPDATE sms_outbox SET phone_enc = NULL, phone_index = NULL, message_enc = NULL WHERE kind = ? AND record_id IN (${due})`,
      ).bind(kind, ...args),
      ...(pairedBy
        ? [
            env.DB.prepare(`UPDATE pairing_contacts SET note_enc = NULL WHERE pairing_id IN (${pairingsOf})`).bind(...args),
            env.DB.prepare(`UPDATE pairings SET end_reason_enc = NULL, override_reason_enc = NULL WHERE id IN (${pairingsOf})`).bind(
              ...args,
            ),
          ]
        : []),
      // Last: the statements above find the records by purged_at IS NULL.
      env.DB.prepare(`UPDATE ${name} SET personal_enc = NULL, request_hash = NULL${clear}, purged_at = ? WHERE id IN (${due})`).bind(
        now,
        ...args,
      ),
    ];
    const results = await env.DB.batch(statements);
    result[name as keyof RetentionResult] = results.at(-1)!.meta.changes;
  }
  result.cases = await purgeClosedCases(env, now);
  // The documents go with the application's personal data (and leftovers of a crash with them).
  ({ files: result.files, orphans: result.orphanFiles } = await purgeFiles(env, now));
  // Counts only: never a reference or anything personal in the log.
  console.log(
    `retention: purged personal data of ${result.applications} applications, ${result.volunteers} volunteers, ${result.reports} reports, ${result.cases} child files; deleted ${result.files} attached files and ${result.orphanFiles} left-over objects`,
  );
  return result;
}

/** Child files closed for longer than the county keeps them: everything written about the child goes. */
async function purgeClosedCases(env: Env, now: number): Promise<number> {
  const due = `SELECT id FROM cases WHERE status = 'closed' AND updated_at < ? AND purged_at IS NULL`;
  const cutoff = now - county.retentionDays.closedApplications * DAY;
  const pairingsOf = `SELECT id FROM pairings WHERE case_id IN (${due})`;
  const results = await env.DB.batch([
    env.DB.prepare(
      `UPDATE status_events SET public_note_enc = NULL, internal_note_enc = NULL WHERE kind = 'case' AND record_id IN (${due})`,
    ).bind(cutoff),
    env.DB.prepare(`UPDATE risk_assessments SET reason_enc = NULL WHERE case_id IN (${due})`).bind(cutoff),
    env.DB.prepare(`UPDATE visits SET findings_enc = NULL, companions_enc = NULL WHERE case_id IN (${due})`).bind(cutoff),
    env.DB.prepare(`UPDATE screening_records SET reason_enc = NULL, notes_enc = NULL WHERE case_id IN (${due})`).bind(cutoff),
    env.DB.prepare(`UPDATE pairing_contacts SET note_enc = NULL WHERE pairing_id IN (${pairingsOf})`).bind(cutoff),
    env.DB.prepare(`UPDATE pairings SET end_reason_enc = NULL, override_reason_enc = NULL WHERE id IN (${pairingsOf})`).bind(cutoff),
    env.DB.prepare(`DELETE FROM case_index WHERE case_id IN (${due})`).bind(cutoff),
    env.DB.prepare(`UPDATE cases SET personal_enc = NULL, purged_at = ? WHERE id IN (${due})`).bind(now, cutoff),
  ]);
  return results.at(-1)!.meta.changes;
}
