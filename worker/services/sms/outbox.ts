/**
 * The SMS outbox, write side. A message is a row written in the same D1 batch as the status
 * event that causes it (no event without its message, no message without its event); once the
 * batch has committed, its row ids go to the SMS queue (delivery.ts sends them). A crash between
 * the commit and the queue loses nothing: the sweep (cron) queues rows left waiting.
 *
 *   const sms = await outboxStatements(env, env.DB, [{ kind, recordId, reference, template, vars, phone }],
 *     { onlyIfChanged: true, linkEvent: true });
 *   const results = await env.DB.batch([...transitionStatements(…), ...sms]);
 *   await queueOutbox(env, results);
 */
import { sql, type SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { normalizeMobile, mobileProblem } from '#src/domain/validators.ts';
import { renderSms, templateSpec, type SmsTemplate } from '#src/domain/sms.ts';
import type { IntakeKind } from '#src/domain/reference-code.ts';
import type { Env } from '../../env.ts';
import { applications, reports, smsOutbox, statusEvents, volunteers } from '../../db/schema.ts';
import { encryptJson, hmacText } from '../../lib/crypto.ts';

export type OutboxKind = IntakeKind | 'staff';

export interface OutboxMessage {
  kind: OutboxKind;
  /** The record's id; leave it out for a record inserted in the same batch: it is found by reference. */
  recordId?: number;
  reference: string;
  template: SmsTemplate;
  /** The template's variables (SMS_TEMPLATES), all of them and no others. */
  vars: Record<string, string>;
  phone: string;
  /** Overrides the template's own urgency (quiet hours). */
  urgent?: boolean;
}

export interface OutboxOptions {
  /**
   * Only if the batch's previous statement changed a row: after transitionStatements, the
   * guarded status event, so a move that lost a race writes no message either.
   */
  onlyIfChanged?: boolean;
  /** Points the rows at the status event inserted just before in the same batch. */
  linkEvent?: boolean;
}

/** What an outbox row's message_enc holds. */
export interface StoredMessage {
  text: string;
  vars: Record<string, string>;
}

/** The phone's keyed hash: counts a number's messages (daily cap) without storing it readable. */
export function phoneIndex(env: Env, phone: string): Promise<string> {
  return hmacText(env.HMAC_KEY, `sms-phone:${phone}`);
}

const COLUMNS = 'kind, record_id, reference, template, phone_enc, phone_index, message_enc, urgent, status_event_id';

/**
 * One INSERT adding a row per message. Several messages go in one statement so that one guard
 * (changes() of the statement before) covers them all; at 8 parameters a message, D1's 100 per
 * statement allow 12. Each row returns its id as `outbox_id`, for queueOutbox.
 */
async function outboxSql(env: Env, messages: OutboxMessage[], options: OutboxOptions = {}): Promise<SQL | null> {
  if (messages.length === 0) return null;
  const selects: SQL[] = [];
  for (const m of messages) {
    const spec = templateSpec(m.template);
    const names = Object.keys(m.vars).sort();
    if (names.join() !== [...spec.vars].sort().join()) throw new Error(`sms template ${m.template} takes ${spec.vars.join(', ')}`);
    const phone = normalizeMobile(m.phone);
    if (mobileProblem(phone)) throw new Error('an SMS needs a mainland mobile number');
    const stored: StoredMessage = { text: renderSms(m.template, m.vars, env.SMS_SIGN_NAME), vars: m.vars };
    let record: SQL;
    if (m.recordId !== undefined) record = sql`${m.recordId}`;
    else if (m.kind === 'staff') throw new Error('a staff message needs its recordId');
    else {
      // A record inserted in this same batch: found by its reference.
      const table = { application: applications, volunteer: volunteers, report: reports }[m.kind];
      record = sql`(SELECT ${table.id} FROM ${table} WHERE ${table.reference} = ${m.reference})`;
    }
    // D1 writes one batch at a time, so the newest event is the one this batch just inserted.
    const event = options.linkEvent ? sql`(SELECT max(${statusEvents.id}) FROM ${statusEvents})` : sql`NULL`;
    const phoneEnc = await encryptJson(env.DATA_KEY, 'sms_outbox.phone_enc', m.reference, phone);
    const messageEnc = await encryptJson(env.DATA_KEY, 'sms_outbox.message_enc', m.reference, stored);
    const urgent = (m.urgent ?? spec.urgent) ? 1 : 0;
    selects.push(
      sql`SELECT ${m.kind}, ${record}, ${m.reference}, ${m.template}, ${phoneEnc}, ${await phoneIndex(env, phone)}, ${messageEnc}, ${urgent}, ${event}`,
    );
  }
  const guard = options.onlyIfChanged ? sql` WHERE changes() = 1` : sql``;
  return sql`INSERT INTO ${smsOutbox} (${sql.raw(COLUMNS)}) SELECT * FROM (${sql.join(selects, sql` UNION ALL `)})${guard} RETURNING id AS outbox_id`;
}

const dialect = new SQLiteAsyncDialect();

/**
 * The INSERT as a D1 statement for the caller's `env.DB.batch`. (drizzle's own `db.batch` cannot
 * take raw SQL with parameters in drizzle-orm 0.45; a drizzle query joins a D1 batch as
 * `d1.prepare(q.toSQL().sql).bind(...q.toSQL().params)`.)
 */
export async function outboxStatements(
  env: Env,
  d1: D1Database,
  messages: OutboxMessage[],
  options: OutboxOptions = {},
): Promise<D1PreparedStatement[]> {
  const query = await outboxSql(env, messages, options);
  if (!query) return [];
  const { sql: text, params } = dialect.sqlToQuery(query);
  return [d1.prepare(text).bind(...params)];
}

/** The outbox ids a committed batch inserted (its outboxStatements' RETURNING). */
export function outboxIds(results: D1Result[]): number[] {
  return results.flatMap((r) =>
    (r.results ?? []).flatMap((row) => {
      const id = (row as { outbox_id?: unknown }).outbox_id;
      return typeof id === 'number' ? [id] : [];
    }),
  );
}

/** Sends a committed batch's new rows to the queue (see queueIds). */
export function queueOutbox(env: Env, results: D1Result[]): Promise<number[]> {
  return queueIds(env, outboxIds(results));
}

/**
 * Sends outbox rows to the queue. A failure is logged and swallowed: the rows are committed,
 * and the sweep queues them within minutes.
 */
export async function queueIds(env: Env, ids: number[]): Promise<number[]> {
  try {
    await sendIds(env, ids);
  } catch (error) {
    const kind = error instanceof Error ? error.name : 'Error';
    console.error(`sms: queueing ${ids.length} outbox rows failed (${kind}); the sweep will queue them`);
  }
  return ids;
}

async function sendIds(env: Env, ids: number[]): Promise<void> {
  // sendBatch takes at most 100 messages.
  for (let i = 0; i < ids.length; i += 100) {
    await env.SMS_QUEUE.sendBatch(ids.slice(i, i + 100).map((id) => ({ body: { id } })));
  }
}

/** How long a claimed row may go without an outcome before the claim is taken as a crash. */
export const CLAIM_LEASE_MS = 2 * 60_000;
/** How long past its time a waiting row may sit before the sweep queues it again. */
const SWEEP_GRACE_MS = 10 * 60_000;

export interface SweepResult {
  queued: number;
  abandoned: number;
}

/**
 * The cron sweep: rows that should have gone by now (their queue message was lost, or never
 * sent) are queued again; rows claimed by a delivery that died mid-call are marked dead,
 * since the provider may have sent them and sending again could mean two messages.
 */
export async function sweepOutbox(env: Env, now: number): Promise<SweepResult> {
  const abandoned = await env.DB.prepare(
    `UPDATE sms_outbox SET state = 'dead', claimed_at = NULL, last_error = 'outcome_unknown'
     WHERE state IN ('queued', 'failed') AND claimed_at IS NOT NULL AND claimed_at < ?`,
  )
    .bind(now - CLAIM_LEASE_MS)
    .run();
  const { results } = await env.DB.prepare(
    `UPDATE sms_outbox SET next_attempt_at = ?
     WHERE id IN (SELECT id FROM sms_outbox WHERE state IN ('queued', 'failed') AND claimed_at IS NULL
                  AND coalesce(next_attempt_at, created_at) <= ? ORDER BY id LIMIT 1000)
     RETURNING id`,
  )
    .bind(now, now - SWEEP_GRACE_MS)
    .all<{ id: number }>();
  const ids = results.map((r) => r.id);
  await sendIds(env, ids);
  return { queued: ids.length, abandoned: abandoned.meta.changes };
}
