/**
 * Which text message a step sends, and to whom: only to a person who said yes to messages
 * (the forms ask), at the phone they gave, with a neutral sentence and the public reference
 * (src/domain/sms.ts) — never a child's name, a decision or a risk level. The messages are
 * written in the same batch as the status event that causes them (services/records.ts).
 */
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { SmsTemplate } from '#src/domain/sms.ts';
import type { IntakeKind } from '#src/domain/reference-code.ts';
import type { Database } from '../db/client.ts';
import { applications } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { decryptJson, hmacText } from '../lib/crypto.ts';
import type { OutboxMessage } from './sms/outbox.ts';

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
    if (to === 'investigating') return 'visitBooked';
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

/** The message (none, or one) a record's move to `to` writes. */
export async function messagesForMove(env: Env, r: Notifiable, to: string): Promise<OutboxMessage[]> {
  const template = templateFor(r.kind, to);
  if (!template || !r.notifySms) return [];
  const phone = await phoneOf(env, r);
  return phone ? [{ kind: r.kind, recordId: r.id, reference: r.reference, template, vars: { reference: r.reference }, phone }] : [];
}

/**
 * A pairing started or ended: the family of each open application of the child, and the
 * volunteer, each if they said yes to messages.
 */
export async function pairingMessages(
  env: Env,
  db: Database,
  caseIds: number[],
  volunteer: Notifiable,
  started: boolean,
): Promise<OutboxMessage[]> {
  const families = await db
    .select({
      id: applications.id,
      reference: applications.reference,
      personalEnc: applications.personalEnc,
      notifySms: applications.notifySms,
    })
    .from(applications)
    .where(
      and(
        inArray(applications.caseId, caseIds),
        notInArray(applications.status, ['withdrawn', 'rejected']),
        eq(applications.notifySms, true),
      ),
    );
  const out: OutboxMessage[] = [];
  for (const f of families) {
    const phone = await phoneOf(env, { kind: 'application', ...f });
    if (phone)
      out.push({
        kind: 'application',
        recordId: f.id,
        reference: f.reference,
        template: started ? 'pairingStartedFamily' : 'pairingEndedFamily',
        vars: { reference: f.reference },
        phone,
      });
  }
  const vPhone = volunteer.notifySms ? await phoneOf(env, volunteer) : null;
  if (vPhone)
    out.push({
      kind: 'volunteer',
      recordId: volunteer.id,
      reference: volunteer.reference,
      template: started ? 'pairingStartedVolunteer' : 'pairingEndedVolunteer',
      vars: { reference: volunteer.reference },
      phone: vPhone,
    });
  return out;
}
