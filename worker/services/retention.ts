/**
 * Retention (nightly cron, wrangler.toml [triggers]): once a case is over for longer than
 * the county's retentionDays, its personal data is deleted — the encrypted fields and the
 * notes — while the row stays, so the anonymous counts of the dashboard remain. What is
 * deleted follows the privacy notice: rejected or withdrawn applications, withdrawn
 * volunteers, closed reports.
 */
import county from '../../content/county.ts';
import type { Env } from '../env.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface RetentionResult { applications: number; volunteers: number; reports: number }

export async function runRetention(env: Env, now: number): Promise<RetentionResult> {
  const appsBefore = now - county.retentionDays.closedApplications * DAY;
  const reportsBefore = now - county.retentionDays.closedReports * DAY;
  const targets: [kind: 'application' | 'volunteer' | 'report', table: string, statuses: string[], before: number, extra: string][] = [
    ['application', 'applications', ['rejected', 'withdrawn'], appsBefore, ', screening_enc = NULL'],
    ['volunteer', 'volunteers', ['withdrawn'], appsBefore, ''],
    ['report', 'reports', ['closed'], reportsBefore, ''],
  ];
  const result: RetentionResult = { applications: 0, volunteers: 0, reports: 0 };
  for (const [kind, table, statuses, before, extra] of targets) {
    const marks = statuses.map(() => '?').join(', ');
    const due = `FROM ${table} WHERE status IN (${marks}) AND updated_at < ? AND purged_at IS NULL`;
    const statements = [
      // Notes attached to the record: status events, and for a case its risk reasons, visits and pairings.
      env.DB.prepare(`UPDATE status_events SET public_note_enc = NULL, internal_note_enc = NULL WHERE kind = ? AND record_id IN (SELECT id ${due})`).bind(kind, ...statuses, before),
      ...(kind === 'application'
        ? [
            env.DB.prepare(`UPDATE risk_assessments SET reason_enc = NULL WHERE application_id IN (SELECT id ${due})`).bind(...statuses, before),
            env.DB.prepare(`UPDATE visits SET findings_enc = NULL WHERE application_id IN (SELECT id ${due})`).bind(...statuses, before),
          ]
        : []),
      ...(kind === 'volunteer'
        ? [env.DB.prepare(`UPDATE pairing_contacts SET note_enc = NULL WHERE pairing_id IN (SELECT p.id FROM pairings p WHERE p.volunteer_id IN (SELECT id ${due}))`).bind(...statuses, before)]
        : []),
      env.DB.prepare(`UPDATE ${table} SET personal_enc = NULL${extra}, purged_at = ? WHERE status IN (${marks}) AND updated_at < ? AND purged_at IS NULL`).bind(now, ...statuses, before),
    ];
    const results = await env.DB.batch(statements);
    result[`${kind}s` as keyof RetentionResult] = results.at(-1)!.meta.changes;
  }
  // Counts only: never a reference or anything personal in the log.
  console.log(`retention: purged personal data of ${result.applications} applications, ${result.volunteers} volunteers, ${result.reports} reports`);
  return result;
}
