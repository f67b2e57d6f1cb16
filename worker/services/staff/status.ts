/**
 * What the staff side of applications, volunteers and reports shares: a record read within the
 * member's townships, a page of a list, the decrypted timeline, and a status move checked
 * against the kind's status model, audited, and written in one guarded D1 batch (the records
 * module, services/records.ts).
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core';
import type { IntakeKind } from '#src/domain/reference-code.ts';
import { checkTransition, statusLabel } from '#src/domain/status-model.ts';
import { t, type MessageKey } from '#src/i18n/index.ts';
import type { Database } from '../../db/client.ts';
import { applications, reports, smsOutbox, staff, statusEvents, volunteers } from '../../db/schema.ts';
import type { StaffContext } from '../../env.ts';
import { decryptOrNull, encryptJson } from '../../lib/crypto.ts';
import { ApiError } from '../../lib/errors.ts';
import { audit, deny, listTownships, requireCapability, scoped } from '../../lib/staff-auth.ts';
import { invalid } from '../../lib/validate.ts';
import { messagesForMove } from '../notify.ts';
import { commitGuarded, isNote, moveWithMessages, recordOf } from '../records.ts';

/** Who made a move that no staff member made: the person who submitted the record. */
const SUBMITTER: Record<IntakeKind, string> = {
  application: t('staff.application.applicant'),
  volunteer: t('api.by.self'),
  report: t('api.by.reporter'),
};

type RowOf<K extends IntakeKind> = {
  application: typeof applications.$inferSelect;
  volunteer: typeof volunteers.$inferSelect;
  report: typeof reports.$inferSelect;
}[K];

/** A record by its reference, if the member may work on it: 403 or 404 otherwise, audited (lib/staff-auth.ts scoped). */
export function scopedRecord<K extends IntakeKind>(ctx: StaffContext, kind: K, reference: string, action: string): Promise<RowOf<K>> {
  const { table } = recordOf(kind);
  return scoped(ctx, kind, reference, action, async () => {
    const [row] = await ctx.db.select().from(table).where(eq(table.reference, reference)).limit(1);
    return row as RowOf<K> | undefined;
  });
}

/** What a staff list of records is filtered by: a township (one of the member's), a status, the page. */
export interface RecordFilters {
  status?: string;
  township?: string;
  limit: number;
  offset: number;
}

/**
 * One page of a kind's records, for a member who works on records: within their townships (or
 * the one asked for, if it is theirs), with the status asked for if any, newest first. `query`
 * selects the columns the list shows (a dynamic select); the read is audited with its count.
 */
export async function listRecords<Q extends SQLiteSelect>(
  ctx: StaffContext,
  kind: IntakeKind,
  f: RecordFilters,
  denied: string,
  query: (db: Database) => Q,
) {
  await requireCapability(ctx, 'workOnRecords', { action: 'list', recordKind: kind }, denied);
  const townships = await listTownships(ctx, kind, f.township);
  const { table } = recordOf(kind);
  const rows = await query(ctx.db)
    .where(and(inArray(table.township, townships), f.status ? eq(table.status, f.status) : undefined))
    .orderBy(desc(table.id))
    .limit(f.limit)
    .offset(f.offset);
  await audit(ctx, { action: 'list', recordKind: kind, outcome: 'ok', detail: `${rows.length} rows` });
  return rows;
}

interface StaffRecord {
  id: number;
  reference: string;
  status: string;
  /** Applications only: where a case in needs_info returns to. */
  resumeStatus?: string | null;
  /** For the text message the move sends, if the person asked for them. */
  personalEnc?: string | null;
  notifySms?: boolean;
}

/**
 * Every step of a record, oldest first: each status change and each note (a step that changed
 * no status: a visit booked, a pairing, a recovered access code), with who made it, both notes
 * decrypted, and the text messages it sent with their delivery state (the outbox: what, not to
 * whom). A message tied to no step (written before steps had notes) is a line of its own.
 */
export async function staffTimeline(ctx: StaffContext, kind: IntakeKind, record: Pick<StaffRecord, 'id' | 'reference'>) {
  const { env, db } = ctx;
  const { model } = recordOf(kind);
  const sent = await db
    .select({
      event: smsOutbox.statusEventId,
      template: smsOutbox.template,
      state: smsOutbox.state,
      tries: smsOutbox.tries,
      at: smsOutbox.createdAt,
    })
    .from(smsOutbox)
    .where(and(eq(smsOutbox.kind, kind), eq(smsOutbox.recordId, record.id)))
    .orderBy(asc(smsOutbox.id));
  const shown = (m: (typeof sent)[number]) => ({
    template: m.template,
    templateLabel: t(`staff.outbox.template.${m.template}` as MessageKey),
    state: m.state,
    stateLabel: t(`staff.outbox.state.${m.state}`),
    tries: m.tries,
  });
  const events = await db
    .select({
      id: statusEvents.id,
      from: statusEvents.fromStatus,
      to: statusEvents.toStatus,
      actorKind: statusEvents.actorKind,
      actor: staff.name,
      at: statusEvents.at,
      pub: statusEvents.publicNoteEnc,
      internal: statusEvents.internalNoteEnc,
    })
    .from(statusEvents)
    .leftJoin(staff, eq(staff.id, statusEvents.actorId))
    .where(and(eq(statusEvents.kind, kind), eq(statusEvents.recordId, record.id)))
    .orderBy(asc(statusEvents.id));
  const dec = (field: 'status_events.public_note_enc' | 'status_events.internal_note_enc', text: string | null) =>
    decryptOrNull<string>(env.DATA_KEY, field, record.reference, text);
  const steps = await Promise.all(
    events.map(async (e) => ({
      status: e.to as string | null,
      label: isNote({ fromStatus: e.from, toStatus: e.to }) ? t('status.event.note') : statusLabel(model, e.to),
      at: new Date(e.at).toISOString(),
      by: e.actorKind === 'staff' ? (e.actor ?? t('api.by.staff')) : e.actorKind === 'applicant' ? SUBMITTER[kind] : t('api.by.system'),
      publicNote: await dec('status_events.public_note_enc', e.pub),
      internalNote: await dec('status_events.internal_note_enc', e.internal),
      messages: sent.filter((m) => m.event === e.id).map(shown),
    })),
  );
  const linked = new Set(events.map((e) => e.id));
  const loose = sent
    .filter((m) => m.event === null || !linked.has(m.event))
    .map((m) => ({
      status: null,
      label: t('staff.timeline.smsOnly', { what: t(`staff.outbox.template.${m.template}` as MessageKey) }),
      at: new Date(m.at).toISOString(),
      by: t('api.by.system'),
      publicNote: null,
      internalNote: null,
      messages: [shown(m)],
    }));
  return [...steps, ...loose].sort((a, b) => a.at.localeCompare(b.at));
}

/** Audits a refused move and throws `error`. */
export async function refuseMove(ctx: StaffContext, kind: IntakeKind, reference: string, detail: string, error: ApiError): Promise<never> {
  await audit(ctx, { action: 'transition', recordKind: kind, recordRef: reference, outcome: 'refused', detail });
  throw error;
}

/**
 * Refuses, audited, a move the kind's status model does not allow this member: 403 when the
 * role may not make it, 400 on `reasonField` when a required reason is missing, 409 otherwise.
 */
export async function checkStaffMove(
  ctx: StaffContext,
  kind: IntakeKind,
  row: StaffRecord,
  move: { to: string; reason?: string },
  words: { denied: string; reasonField: string; reasonMissing: string },
): Promise<void> {
  const { member } = ctx;
  const { model } = recordOf(kind);
  const { to } = move;
  const from = row.status;
  const check = checkTransition(model, { from, to, actor: member.role, reason: move.reason, resume: row.resumeStatus });
  if (check.ok) return;
  const detail = `${from}→${to}: ${check.why}`;
  if (check.why === 'actor_not_allowed')
    await deny(ctx, { action: 'transition', recordKind: kind, recordRef: row.reference, detail }, words.denied);
  await refuseMove(
    ctx,
    kind,
    row.reference,
    detail,
    check.why === 'reason_required'
      ? invalid({ [words.reasonField]: words.reasonMissing })
      : new ApiError(409, 'not_allowed', t('api.move.notAllowed', { from: statusLabel(model, from), to: statusLabel(model, to) })),
  );
}

/**
 * Writes a move checkStaffMove allowed. Where the kind's notes are public (not reports), the
 * reason and the public note become the note the person sees on the status page. `after`
 * goes in the same batch; each of its statements must hold itself to `WHERE changes() = 1`
 * (the move's event was written), as the first one can.
 */
export async function applyStaffMove(
  ctx: StaffContext,
  kind: IntakeKind,
  row: StaffRecord,
  move: {
    to: string;
    reason?: string;
    publicNote?: string;
    internalNote?: string;
    set?: Record<string, string | number | null>;
    after?: D1PreparedStatement[];
    /** 需补充材料: the material items asked for, which the text message names. */
    items?: readonly string[];
  },
) {
  const { env, member } = ctx;
  const { model, notesPublic } = recordOf(kind);
  const { to } = move;
  const from = row.status;
  const publicText = notesPublic
    ? [move.reason ? t('api.move.reasonLine', { reason: move.reason }) : '', move.publicNote ?? ''].filter(Boolean).join('\n')
    : '';
  const messages = await messagesForMove(
    env,
    { kind, id: row.id, reference: row.reference, personalEnc: row.personalEnc ?? null, notifySms: row.notifySms ?? false },
    to,
    move.items,
  );
  const statements = await moveWithMessages(
    env,
    kind,
    {
      id: row.id,
      from,
      to,
      actorKind: 'staff',
      actorId: member.id,
      publicNoteEnc: publicText ? await encryptJson(env.DATA_KEY, 'status_events.public_note_enc', row.reference, publicText) : null,
      internalNoteEnc: move.internalNote
        ? await encryptJson(env.DATA_KEY, 'status_events.internal_note_enc', row.reference, move.internalNote)
        : null,
      set: move.set,
    },
    messages,
  );
  // `after` statements are guarded by `changes() = 1` of the statement before them: the event's
  // insert, or the one message a move of a record writes (messagesForMove gives at most one).
  await commitGuarded(env, [...statements, ...(move.after ?? [])]);
  await audit(ctx, { action: 'transition', recordKind: kind, recordRef: row.reference, outcome: 'ok', detail: `${from}→${to}` });
  return { reference: row.reference, status: to, statusLabel: statusLabel(model, to) };
}
