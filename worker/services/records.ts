/**
 * Every status write, in one place: a record inserted with its first status event, a status
 * change (a guarded update and its event), the pairings that move a volunteer, and the one
 * guarded D1 batch they go in. D1 has no interactive transactions, so each write is a batch
 * whose first statement is guarded by the state it expects; the statements after it only
 * apply when that one changed a row (SQLite's changes()).
 */
import { getTableName, sql } from 'drizzle-orm';
import { APPLICATION_MODEL } from '#src/domain/application-status.ts';
import { REPORT_MODEL } from '#src/domain/report-status.ts';
import { CASE_MODEL } from '#src/domain/case-status.ts';
import type { IntakeKind, ReferenceKind } from '#src/domain/reference-code.ts';
import type { StatusModel } from '#src/domain/status-model.ts';
import { VOLUNTEER_MODEL } from '#src/domain/volunteer-status.ts';
import type { Database } from '../db/client.ts';
import { applications, cases, reports, statusEvents, volunteers } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { ApiError } from '../lib/errors.ts';
import { outboxStatements, queueOutbox, type OutboxMessage } from './sms/outbox.ts';
import { t } from '#src/i18n/index.ts';

/** The tables of each kind share the intake() columns; this is the shape the generic code uses. */
export type RecordTable = typeof applications;

export const RECORDS: Record<IntakeKind, { table: RecordTable; model: StatusModel<string>; notesPublic: boolean }> = {
  application: { table: applications, model: APPLICATION_MODEL as StatusModel<string>, notesPublic: true },
  volunteer: { table: volunteers as unknown as RecordTable, model: VOLUNTEER_MODEL as StatusModel<string>, notesPublic: true },
  // A report's lookup shows its status only, never anything about what was reported.
  report: { table: reports as unknown as RecordTable, model: REPORT_MODEL as StatusModel<string>, notesPublic: false },
};

export const recordOf = (kind: IntakeKind) => RECORDS[kind];

/** Every kind with a status: the public intakes, and the child's file. */
const STATUS_TABLES: Record<ReferenceKind, string> = {
  application: getTableName(applications),
  volunteer: getTableName(volunteers),
  report: getTableName(reports),
  case: getTableName(cases),
};

/** The status model of any kind, the child's file included. */
export const modelOf = (kind: ReferenceKind): StatusModel<string> =>
  kind === 'case' ? (CASE_MODEL as StatusModel<string>) : RECORDS[kind].model;

export type ActorKind = 'applicant' | 'staff' | 'system';

export interface Move {
  id: number;
  from: string;
  to: string;
  actorKind: ActorKind;
  actorId?: number | null;
  publicNoteEnc?: string | null;
  internalNoteEnc?: string | null;
  /** Further columns to update, by their SQL names (resume_status …). */
  set?: Record<string, string | number | null>;
  /**
   * A further condition of the guarded update, in SQL over the record's table: the move only
   * happens if it still holds when the batch runs (every item asked for has come in).
   */
  when?: { sql: string; args: (string | number | null)[] };
}

/** A drizzle query as a D1 statement, so it joins a batch with raw statements (drizzle's own batch cannot take those). */
export function toD1(d1: D1Database, query: { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql: text, params } = query.toSQL();
  return d1.prepare(text).bind(...params);
}

export const CHANGED_MEANWHILE = () => new ApiError(409, 'conflict', t('api.changedMeanwhile'));

/**
 * A record and its first status event, for one batch: the event finds the row by its
 * reference, so both land together or neither does.
 */
export function insertStatements(
  db: Database,
  kind: IntakeKind,
  values: RecordTable['$inferInsert'],
  actor: { kind: ActorKind; id?: number },
) {
  const { table } = recordOf(kind);
  return [
    db.insert(table).values(values),
    db.insert(statusEvents).values({
      kind,
      recordId: sql`(SELECT id FROM ${table} WHERE ${table.reference} = ${values.reference})`,
      fromStatus: null,
      toStatus: values.status,
      actorKind: actor.kind,
      actorId: actor.id ?? null,
    }),
  ] as const;
}

/**
 * The two statements of a status change: the update only applies if the record is still in
 * `from` (someone else may have moved it), and the event is only written when it did.
 */
export function moveStatements(d1: D1Database, kind: ReferenceKind, move: Move): D1PreparedStatement[] {
  const extra = Object.entries(move.set ?? {});
  if (extra.some(([column]) => !/^[a-z_]+$/.test(column))) throw new Error('bad column name');
  const assignments = ['status = ?', 'updated_at = ?', ...extra.map(([column]) => `${column} = ?`)].join(', ');
  const when = move.when ? ` AND (${move.when.sql})` : '';
  return [
    d1
      .prepare(`UPDATE ${STATUS_TABLES[kind]} SET ${assignments} WHERE id = ? AND status = ?${when}`)
      .bind(move.to, Date.now(), ...extra.map(([, v]) => v), move.id, move.from, ...(move.when?.args ?? [])),
    d1
      .prepare(
        `INSERT INTO status_events (kind, record_id, from_status, to_status, actor_kind, actor_id, public_note_enc, internal_note_enc)
         SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1`,
      )
      .bind(
        kind,
        move.id,
        move.from,
        move.to,
        move.actorKind,
        move.actorId ?? null,
        move.publicNoteEnc ?? null,
        move.internalNoteEnc ?? null,
      ),
  ];
}

/**
 * A step that changes no status — a home visit booked, a pairing started or ended, an access
 * code recovered — as an event of its own on the record's timeline: from and to are the status
 * the record is in when the batch runs, the public note says what happened (the person reads
 * it on /status/, where the text message sends them). Written only if `guard` (SQL over the
 * batch) holds: `changes() = 1` to follow the statement before it, or a condition of its own.
 * A text message after it, with linkEvent, points at it.
 */
export function noteStatement(
  d1: D1Database,
  kind: IntakeKind,
  note: {
    id: number;
    actorKind: ActorKind;
    actorId?: number | null;
    publicNoteEnc?: string | null;
    internalNoteEnc?: string | null;
    guard: { sql: string; args: (string | number | null)[] };
  },
): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO status_events (kind, record_id, from_status, to_status, actor_kind, actor_id, public_note_enc, internal_note_enc)
       SELECT ?, id, status, status, ?, ?, ?, ? FROM ${STATUS_TABLES[kind]} WHERE id = ? AND (${note.guard.sql})`,
    )
    .bind(
      kind,
      note.actorKind,
      note.actorId ?? null,
      note.publicNoteEnc ?? null,
      note.internalNoteEnc ?? null,
      note.id,
      ...note.guard.args,
    );
}

/** The guard of a statement that follows the one before it: it changed a row. */
export const AFTER_CHANGE = { sql: 'changes() = 1', args: [] };

/** Whether an event is a note (noteStatement): a step that changed no status. */
export const isNote = (e: { fromStatus: string | null; toStatus: string }) => e.fromStatus === e.toStatus;

/**
 * Runs a batch, then sends the text messages it wrote to the SMS queue (a failure there is
 * caught: the sweep queues them later).
 */
export async function commit(env: Env, statements: D1PreparedStatement[]): Promise<D1Result[]> {
  const results = await env.DB.batch(statements);
  await queueOutbox(env, results);
  return results;
}

/** Runs a guarded batch: 409 CHANGED_MEANWHILE when its first statement changed nothing. */
export async function commitGuarded(env: Env, statements: D1PreparedStatement[]): Promise<D1Result[]> {
  const results = await commit(env, statements);
  if (results[0]?.meta.changes !== 1) throw CHANGED_MEANWHILE();
  return results;
}

/**
 * The statements of a status change with the text messages it sends: written only when the
 * move applied, each pointing at its status event.
 */
export async function moveWithMessages(
  env: Env,
  kind: ReferenceKind,
  m: Move,
  messages: OutboxMessage[] = [],
): Promise<D1PreparedStatement[]> {
  return [...moveStatements(env.DB, kind, m), ...(await outboxStatements(env, env.DB, messages, { onlyIfChanged: true, linkEvent: true }))];
}

/** A status change on its own, with its messages: one guarded batch. */
export async function move(env: Env, kind: ReferenceKind, m: Move, messages: OutboxMessage[] = []): Promise<D1Result[]> {
  return commitGuarded(env, await moveWithMessages(env, kind, m, messages));
}

// --- Pairings: a volunteer becomes paired with their first child and ready again after the last ---

/**
 * A new pairing, guarded inside the batch by the volunteer's capacity (two pairings made at
 * the same moment cannot pass it), and the volunteer's move to paired if they were ready.
 * The unique index on active pairings per child refuses a second one for the same child.
 */
export function startPairingStatements(
  d1: D1Database,
  p: {
    volunteerId: number;
    volunteerStatus: string;
    capacity: number;
    caseId: number;
    now: number;
    overrideReasonEnc: string | null;
    staffId: number;
  },
): D1PreparedStatement[] {
  return [
    d1
      .prepare(
        `INSERT INTO pairings (volunteer_id, case_id, started_at, override_reason_enc, staff_id)
         SELECT ?, ?, ?, ?, ? WHERE (SELECT count(*) FROM pairings WHERE volunteer_id = ? AND ended_at IS NULL) < ?`,
      )
      .bind(p.volunteerId, p.caseId, p.now, p.overrideReasonEnc, p.staffId, p.volunteerId, p.capacity),
    ...(p.volunteerStatus === 'ready'
      ? moveStatements(d1, 'volunteer', { id: p.volunteerId, from: 'ready', to: 'paired', actorKind: 'staff', actorId: p.staffId })
      : []),
  ];
}

/**
 * Ends a pairing (guarded: only if it is still active), and moves the volunteer back to
 * ready when that was their last child.
 */
export function endPairingStatements(
  d1: D1Database,
  p: { id: number; volunteerId: number; now: number; endReasonEnc: string; staffId: number },
): D1PreparedStatement[] {
  return [
    d1.prepare('UPDATE pairings SET ended_at = ?, end_reason_enc = ? WHERE id = ? AND ended_at IS NULL').bind(p.now, p.endReasonEnc, p.id),
    d1
      .prepare(
        `UPDATE volunteers SET status = 'ready', updated_at = ? WHERE id = ? AND status = 'paired'
         AND NOT EXISTS (SELECT 1 FROM pairings WHERE volunteer_id = ? AND ended_at IS NULL)`,
      )
      .bind(p.now, p.volunteerId, p.volunteerId),
    d1
      .prepare(
        `INSERT INTO status_events (kind, record_id, from_status, to_status, actor_kind, actor_id)
         SELECT 'volunteer', ?, 'paired', 'ready', 'staff', ? WHERE changes() = 1`,
      )
      .bind(p.volunteerId, p.staffId),
  ];
}
