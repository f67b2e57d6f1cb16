/**
 * Which text message a step sends, and to whom: only to a person who said yes to messages
 * (the forms ask), at the phone they gave, with a neutral sentence and the public reference
 * (src/domain/sms.ts) — never a child's name, a decision or a risk level. The messages are
 * written in the same batch as the status event that causes them (services/records.ts).
 */
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { CLOSED_APPLICATION_STATUSES } from '#src/domain/application-status.ts';
import { materialsForSms } from '#src/domain/materials.ts';
import type { SmsTemplate } from '#src/domain/sms.ts';
import type { IntakeKind } from '#src/domain/reference-code.ts';
import { t } from '#src/i18n/index.ts';
import type { Database } from '../db/client.ts';
import { applications } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { decryptJson, encryptJson, hmacText } from '../lib/crypto.ts';
import { PERSONAL_FIELD } from '../db/encrypted-columns.ts';
import { noteStatement } from './records.ts';
import { outboxStatements, type OutboxMessage } from './sms/outbox.ts';

/** A record as the moves see it: enough to know whether and where to write. */
export interface Notifiable {
  kind: IntakeKind;
  id: number;
  reference: string;
  personalEnc: string | null;
  notifySms: boolean;
}

/** The phone a record's person gave, decrypted only to be written into the outbox (encrypted again there). */
export async function phoneOf(env: Env, r: Pick<Notifiable, 'kind' | 'reference' | 'personalEnc'>): Promise<string | null> {
  if (!r.personalEnc) return null;
  const p = await decryptJson<{ applicant?: { phone?: string }; phone?: string; contact?: { phone?: string | null } | null }>(
    env.DATA_KEY,
    PERSONAL_FIELD[r.kind],
    r.reference,
    r.personalEnc,
  );
  const phone = r.kind === 'application' ? p.applicant?.phone : r.kind === 'volunteer' ? p.phone : p.contact?.phone;
  return phone || null;
}

/** What a record's phone is recognised by when a lost access code is asked for: bound to the reference, so it links nothing else. */
export function phoneHash(env: Env, reference: string, phone: string): Promise<string> {
  return hmacText(env.HMAC_KEY, `contact:${reference}:${phone.replace(/[\s-]/g, '')}`);
}

/** The template a move to `to` sends, if any. */
export function templateFor(kind: IntakeKind, to: string): SmsTemplate | null {
  if (kind === 'application') {
    if (to === 'submitted') return 'applicationSubmitted';
    // Taken in by the county (建立档案): a home visit is to come; its day is sent when staff book it (visitBooked).
    if (to === 'investigating') return 'applicationAccepted';
    if (to === 'needs_info') return 'applicationNeedsInfo';
    if (['approved', 'partly_approved', 'rejected'].includes(to)) return 'applicationDecided';
    return null;
  }
  if (kind === 'volunteer')
    return ['reviewing', 'background_check', 'training', 'ready', 'rejected', 'inactive'].includes(to) ? 'volunteerStep' : null;
  if (to === 'received') return 'reportReceived';
  if (to === 'closed') return 'reportClosed';
  return null;
}

/**
 * The message (none, or one) a record's move to `to` writes. A move to 需补充材料 that names
 * the material items asked for says which (by names that reveal nothing, materialsForSms).
 */
export async function messagesForMove(env: Env, r: Notifiable, to: string, items: readonly string[] = []): Promise<OutboxMessage[]> {
  let template = templateFor(r.kind, to);
  if (!template || !r.notifySms) return [];
  const vars: Record<string, string> = { reference: r.reference };
  if (template === 'applicationNeedsInfo' && items.length) {
    template = 'applicationNeedsMaterials';
    vars.items = materialsForSms(items);
  }
  const phone = await phoneOf(env, r);
  return phone ? [{ kind: r.kind, recordId: r.id, reference: r.reference, template, vars, phone }] : [];
}

/**
 * A step that changes no status, for one record: its note on the timeline (records.ts
 * noteStatement, under `guard`), then the text message pointing at it if the person said yes.
 */
export async function noteWithMessage(
  env: Env,
  r: Notifiable,
  note: {
    publicText: string;
    actorKind: 'staff' | 'applicant' | 'system';
    actorId?: number | null;
    guard: { sql: string; args: (string | number | null)[] };
  },
  message: { template: SmsTemplate; vars: Record<string, string>; phone?: string; urgent?: boolean } | null,
): Promise<D1PreparedStatement[]> {
  const phone = message ? (message.phone ?? (r.notifySms ? await phoneOf(env, r) : null)) : null;
  return [
    noteStatement(env.DB, r.kind, {
      id: r.id,
      actorKind: note.actorKind,
      actorId: note.actorId,
      publicNoteEnc: await encryptJson(env.DATA_KEY, 'status_events.public_note_enc', r.reference, note.publicText),
      guard: note.guard,
    }),
    ...(message && phone
      ? await outboxStatements(
          env,
          env.DB,
          [
            {
              kind: r.kind,
              recordId: r.id,
              reference: r.reference,
              template: message.template,
              vars: message.vars,
              phone,
              urgent: message.urgent,
            },
          ],
          { onlyIfChanged: true, linkEvent: true },
        )
      : []),
  ];
}

/** The applications of a child's file that are still open (not withdrawn or refused): the families a step concerns. */
export function openApplications(db: Database, caseIds: number[]) {
  return db
    .select({
      id: applications.id,
      reference: applications.reference,
      personalEnc: applications.personalEnc,
      notifySms: applications.notifySms,
    })
    .from(applications)
    .where(and(inArray(applications.caseId, caseIds), notInArray(applications.status, [...CLOSED_APPLICATION_STATUSES])));
}

/**
 * A pairing started or ended, for the batch that starts or ends it: a note on the volunteer's
 * timeline and on each open application of the child (the family reads it on /status/), each
 * followed by its text message when that person said yes to them. `guard` holds when the
 * pairing's own statement took effect, so a refused pairing writes none of it.
 */
export async function pairingStatements(
  env: Env,
  db: Database,
  p: {
    caseIds: number[];
    volunteer: Notifiable;
    started: boolean;
    actorId: number;
    guard: { sql: string; args: (string | number | null)[] };
  },
): Promise<D1PreparedStatement[]> {
  const note = p.started
    ? { family: t('status.note.pairingStarted.family'), volunteer: t('status.note.pairingStarted.volunteer') }
    : { family: t('status.note.pairingEnded.family'), volunteer: t('status.note.pairingEnded.volunteer') };
  const statements: D1PreparedStatement[] = [];
  for (const f of await openApplications(db, p.caseIds)) {
    statements.push(
      ...(await noteWithMessage(
        env,
        { kind: 'application', ...f },
        { publicText: note.family, actorKind: 'staff', actorId: p.actorId, guard: p.guard },
        { template: p.started ? 'pairingStartedFamily' : 'pairingEndedFamily', vars: { reference: f.reference } },
      )),
    );
  }
  statements.push(
    ...(await noteWithMessage(
      env,
      p.volunteer,
      { publicText: note.volunteer, actorKind: 'staff', actorId: p.actorId, guard: p.guard },
      { template: p.started ? 'pairingStartedVolunteer' : 'pairingEndedVolunteer', vars: { reference: p.volunteer.reference } },
    )),
  );
  return statements;
}
