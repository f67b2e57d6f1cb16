/**
 * The outbox as staff see it: which messages went to a record, to a masked number, in what
 * state. The county's civil-affairs bureau sees the records of its townships; the admin sees
 * every message (the dead-letter list) and can resend one that could not go. Every read is
 * audited: the text names a reference and the number is a person's.
 */
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { intakeKindOf, kindOf } from '#src/domain/reference-code.ts';
import { can } from '#src/domain/staff-roles.ts';
import { isSmsTemplate, maskPhone, withoutSecret, type SmsState } from '#src/domain/sms.ts';
import { t } from '#src/i18n/index.ts';
import { smsOutbox } from '../../db/schema.ts';
import type { Env, StaffContext } from '../../env.ts';
import { decryptOrNull } from '../../lib/crypto.ts';
import { ApiError } from '../../lib/errors.ts';
import { audit, requireCapability } from '../../lib/staff-auth.ts';
import { invalid } from '../../lib/validate.ts';
import { scopedRecord } from '../staff/status.ts';
import type { StoredMessage } from './outbox.ts';
import { queueIds } from './outbox.ts';

export interface OutboxQuery {
  reference?: string;
  state?: SmsState;
  limit: number;
}

type Row = typeof smsOutbox.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

async function item(env: Env, row: Row) {
  const phone = await decryptOrNull<string>(env.DATA_KEY, 'sms_outbox.phone_enc', row.reference, row.phoneEnc);
  const stored = await decryptOrNull<StoredMessage>(env.DATA_KEY, 'sms_outbox.message_enc', row.reference, row.messageEnc);
  const text = stored && isSmsTemplate(row.template) ? withoutSecret(row.template, stored).text : null;
  const held = row.state === 'sent' && row.provider === 'outbox-only';
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    template: row.template,
    /** 138****5678; null once retention has deleted the number. */
    to: phone ? maskPhone(phone) : null,
    text,
    state: row.state,
    stateLabel: t(`staff.outbox.state.${row.state}`),
    /** False unless a provider accepted it: outbox-only keeps messages here without sending them. */
    delivered: row.state === 'sent' && !held,
    note: held ? t('staff.outbox.notDelivered') : null,
    provider: row.provider,
    tries: row.tries,
    urgent: row.urgent,
    lastError: row.lastError,
    createdAt: iso(row.createdAt),
    nextAttemptAt: iso(row.nextAttemptAt),
    sentAt: iso(row.sentAt),
  };
}
export type OutboxItem = Awaited<ReturnType<typeof item>>;

/** The record behind a reference, in the member's townships (404 or 403, audited, otherwise). */
async function scopedReference(ctx: StaffContext, reference: string) {
  const kind = intakeKindOf(reference);
  if (!kind) throw invalid({ reference: t('err.staff.idFormat') });
  await scopedRecord(ctx, kind, reference, 'read-outbox');
}

export async function listOutbox(ctx: StaffContext, q: OutboxQuery): Promise<OutboxItem[]> {
  const { env, db, member } = ctx;
  await requireCapability(ctx, 'readMessages', { action: 'read-outbox', recordRef: q.reference ?? null });
  // Only the administrator reads across records; the county reads the messages of a record in its scope.
  if (!can(member.role, 'resendMessages')) {
    if (!q.reference) throw invalid({ reference: t('staff.outbox.err.referenceRequired') }, t('staff.outbox.err.referenceRequired'));
    await scopedReference(ctx, q.reference);
  }
  const where: SQL[] = [];
  if (q.reference) where.push(eq(smsOutbox.reference, q.reference));
  if (q.state) where.push(eq(smsOutbox.state, q.state));
  const rows = await db
    .select()
    .from(smsOutbox)
    .where(and(...where))
    .orderBy(desc(smsOutbox.id))
    .limit(q.limit);
  await audit(ctx, {
    action: 'read-outbox',
    recordKind: q.reference ? kindOf(q.reference) : 'sms',
    recordRef: q.reference ?? null,
    outcome: 'ok',
    detail: `${rows.length} rows${q.state ? `, state=${q.state}` : ''}`,
  });
  return Promise.all(rows.map((r) => item(env, r)));
}

/** Admin: a dead message goes to the queue again, with the same text, as a fresh try. */
export async function resendOutbox(ctx: StaffContext, id: number): Promise<OutboxItem> {
  const { env, db } = ctx;
  await requireCapability(ctx, 'resendMessages', { action: 'resend-sms', recordRef: `outbox ${id}` });
  const [row] = await db.select().from(smsOutbox).where(eq(smsOutbox.id, id)).limit(1);
  if (!row) throw new ApiError(404, 'not_found', t('staff.outbox.err.notFound'));
  const entry = { action: 'resend-sms', recordKind: row.kind, recordRef: row.reference, detail: `outbox ${id}` };
  const refused = new ApiError(409, 'not_allowed', t('staff.outbox.err.notDead', { state: t(`staff.outbox.state.${row.state}`) }));
  if (row.state !== 'dead') {
    await audit(ctx, { ...entry, outcome: 'refused' });
    throw refused;
  }
  const [updated] = await db
    .update(smsOutbox)
    .set({ state: 'queued', nextAttemptAt: null, claimedAt: null, lastError: null })
    .where(and(eq(smsOutbox.id, id), eq(smsOutbox.state, 'dead')))
    .returning();
  if (!updated) throw refused;
  await audit(ctx, { ...entry, outcome: 'ok' });
  await queueIds(env, [id]);
  return item(env, updated);
}
