/**
 * What every public intake shares (applications now; volunteers and reports reuse it):
 * idempotent submission with a fresh reference, the access code, the status timeline for
 * POST /api/status, and the applicant's withdrawal. Writes that belong together go in one
 * D1 batch, since D1 has no interactive transactions.
 */
import { eq, type SQL } from 'drizzle-orm';
import county from '#content/county.ts';
import { formatAccessCode, newReference, type IntakeKind } from '#src/domain/reference-code.ts';
import type { MeasureOutcome, StatusAnswer } from '#src/domain/status-answer.ts';
import type { ReporterRole } from '#src/domain/report-status.ts';
import { answerDue } from '#src/domain/review.ts';
import { t } from '#src/i18n/index.ts';
import catalog from '#src/generated/catalog.json' with { type: 'json' };
import { checkTransition, statusLabel, statusNextStep } from '#src/domain/status-model.ts';
import { withoutBotFields, type BotFields } from '#src/schemas/requests.ts';
import type { Database } from '../db/client.ts';
import { uniqueViolation } from '../db/client.ts';
import { applications, cases, planItems } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { accessCodeFor, accessHash, decryptOrNull, encryptJson, hmacText, sameText } from '../lib/crypto.ts';
import { ApiError } from '../lib/errors.ts';
import { enforce } from '../lib/client.ts';
import { verifyTurnstile } from '../lib/turnstile.ts';
import { normalizeMobile } from '#src/domain/validators.ts';
import { phoneIndex } from './sms/outbox.ts';
import type { Batch } from './case-files.ts';
import { materialsFrom, materialsQueries, type MaterialsRows } from './materials.ts';
import { authorised } from './record-access.ts';
import { phoneHash, templateFor } from './notify.ts';
import { entitlementDays } from '../lib/labels.ts';
import { commit, insertStatements, isNote, move, recordOf, toD1, type RecordTable } from './records.ts';
import { outboxStatements } from './sms/outbox.ts';

export interface Receipt {
  reference: string;
  /** Null when the person did not ask to follow up (anonymous reports). */
  accessCode: string | null;
  status: string;
  /**
   * A report made under a name by someone with a duty to report (强制报告): when it was
   * received (ISO) and in what role, for a dated receipt they can keep. Nothing about the child.
   */
  dutyReport?: { receivedAt: string; role: ReporterRole };
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

/** How long a refused submission waits for a copy of itself that is being stored, before 429. */
const SAME_SUBMISSION_WAIT_MS = 300;

export function checkIdempotencyKey(key: string | undefined | null): string {
  if (!key)
    throw new ApiError(400, 'idempotency_key_required', t('api.idempotency.required'), {
      idempotencyKey: t('api.idempotency.requiredField'),
    });
  if (!IDEMPOTENCY_KEY.test(key))
    throw new ApiError(400, 'invalid', t('api.idempotency.format'), { idempotencyKey: t('api.idempotency.formatField') });
  return key;
}

/**
 * What a replay must match: a keyed hash (HMAC under HMAC_KEY) of the stored content. Keyed,
 * because the content is a name, a phone number, an ID number: an unkeyed hash would let
 * anyone with a copy of the database check whether a given person applied.
 */
function requestHashOf(env: Env, kind: IntakeKind, content: unknown): Promise<string> {
  return hmacText(env.HMAC_KEY, `request:${kind}:${JSON.stringify(content)}`);
}

/** A request seen before: the first answer again, or 409 when the key came with a different body. */
async function replay(
  env: Env,
  db: Database,
  kind: IntakeKind,
  key: string,
  requestHash: string,
  withCode: boolean,
): Promise<Receipt | null> {
  const { table } = recordOf(kind);
  const [row] = await db
    .select({ reference: table.reference, requestHash: table.requestHash, accessHash: table.accessHash })
    .from(table)
    .where(eq(table.idempotencyKey, key))
    .limit(1);
  if (!row) return null;
  if (row.requestHash !== requestHash) {
    throw new ApiError(409, 'idempotency_conflict', t('api.idempotency.conflict'));
  }
  const code = withCode ? await accessCodeFor(env.HMAC_KEY, kind, key) : null;
  // After 「忘记查询码」 the first code no longer opens the record: a replay does not hand it out.
  const current = code !== null && sameText(row.accessHash ?? '', await accessHash(env.HMAC_KEY, row.reference, code));
  return { reference: row.reference, accessCode: current ? formatAccessCode(code) : null, status: recordOf(kind).model.initial };
}

export interface NewIntake {
  kind: IntakeKind;
  /** The validated request, with its anti-robot fields (src/schemas/requests.ts botFields). */
  body: BotFields;
  idempotencyKey: string;
  /** The caller's address, for Turnstile and the per-caller limit. */
  ip: string;
  /** The phone number given, if any, for the per-phone limit (the messages a submission sends go there). */
  phone?: string | null;
  /** Whether the person gets an access code to follow up. */
  withCode: boolean;
  /** The row's values for a given reference (encrypt with the reference as context). */
  values: (reference: string, accessHash: string | null) => Promise<Record<string, unknown>>;
  /**
   * The file the record belongs to (an application's child): further values of the row, and
   * statements written in the same batch before it (a new file) and after it (index entries).
   */
  belongsTo?: (reference: string) => Promise<{ values: Record<string, unknown>; before: Batch; after: Batch }>;
  /**
   * The phone the person gave, and whether they want a text message at each step: the first
   * one (submitted, received) goes in the same batch; the phone's keyed hash lets them recover
   * a lost access code.
   */
  contact?: { phone: string | null; sms: boolean };
}

/**
 * Stores a submission once, whatever the retries and races; answers with its receipt.
 * Turnstile is asked only for a first submission, before anything is written.
 */
export async function submitIntake(env: Env, db: Database, n: NewIntake): Promise<Receipt> {
  const requestHash = await requestHashOf(env, n.kind, withoutBotFields(n.body));
  const seen = await replay(env, db, n.kind, n.idempotencyKey, requestHash, n.withCode);
  if (seen) return seen;
  // First submissions only: a replay after a lost answer is never refused for coming again.
  try {
    // The caller first, then the phone: a caller already held back does not use up the phone's
    // allowance, so no one can lock a family out by sending its number from one address.
    await enforce(env.SUBMIT_CLIENT_LIMITER, `submit:ip:${n.ip}`, 'err.rate.submit');
    if (n.phone)
      await enforce(env.SUBMIT_PHONE_LIMITER, `submit:phone:${await phoneIndex(env, normalizeMobile(n.phone))}`, 'err.rate.submit');
  } catch (limited) {
    // A copy of this very submission may be landing at this moment (a double click, a retry
    // sent at once): it is answered as that copy is, once it is stored.
    await new Promise((resolve) => setTimeout(resolve, SAME_SUBMISSION_WAIT_MS));
    const landed = await replay(env, db, n.kind, n.idempotencyKey, requestHash, n.withCode);
    if (landed) return landed;
    throw limited;
  }
  await verifyTurnstile(env.TURNSTILE_SECRET, n.body.turnstileToken, n.ip);
  const { model } = recordOf(n.kind);
  const code = n.withCode ? await accessCodeFor(env.HMAC_KEY, n.kind, n.idempotencyKey) : null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = newReference(n.kind);
    const values = await n.values(reference, code ? await accessHash(env.HMAC_KEY, reference, code) : null);
    const link = n.belongsTo ? await n.belongsTo(reference) : { values: {}, before: [], after: [] };
    try {
      const phone = n.contact?.phone ?? null;
      const sms = Boolean(n.contact?.sms && phone);
      const row = {
        ...values,
        ...link.values,
        reference,
        status: model.initial,
        idempotencyKey: n.idempotencyKey,
        requestHash,
        notifySms: sms,
        phoneHash: phone && code ? await phoneHash(env, reference, phone) : null,
      } as RecordTable['$inferInsert'];
      const template = templateFor(n.kind, model.initial);
      const message = sms && template ? [{ kind: n.kind, reference, template, vars: { reference }, phone: phone! }] : [];
      const statements = [
        ...[...link.before, ...insertStatements(db, n.kind, row, { kind: 'applicant' }), ...link.after].map((q) =>
          toD1(env.DB, q as unknown as Parameters<typeof toD1>[1]),
        ),
        ...(await outboxStatements(env, env.DB, message, { linkEvent: true })),
      ];
      await commit(env, statements);
      return { reference, accessCode: code ? formatAccessCode(code) : null, status: model.initial };
    } catch (error) {
      if (uniqueViolation(error, 'idempotency_key')) {
        // Another request with the same key won the race: answer as it did.
        const raced = await replay(env, db, n.kind, n.idempotencyKey, requestHash, n.withCode);
        if (raced) return raced;
      }
      if (!uniqueViolation(error, 'reference')) throw new Error('storing a submission failed', { cause: error });
      // A reference already taken (one in 30^8): draw another.
    }
  }
  throw new Error('could not find a free reference after 5 attempts');
}

// --- Status lookup ---------------------------------------------------------------------------

export async function lookupStatus(env: Env, db: Database, referenceInput: string, codeInput: string): Promise<StatusAnswer> {
  // An application's materials and measures are read with the record and its timeline: one round trip.
  const { kind, model, row, events, more } = await authorised(env, db, referenceInput, codeInput, true, (kind, recordId) =>
    kind === 'application' ? [...materialsQueries(db, recordId), decisionsQuery(db, recordId)] : [],
  );
  const { notesPublic } = recordOf(kind);
  // A note (a visit booked, a pairing …) is its words: where notes are not shown (reports), it is left out.
  const shown = notesPublic ? events : events.filter((e) => !isNote(e));
  const timeline = await Promise.all(
    shown.map(async (e) => ({
      status: e.toStatus,
      label: isNote(e) ? t('status.event.note') : statusLabel(model, e.toStatus),
      at: new Date(e.at).toISOString(),
      note: notesPublic ? await decryptOrNull<string>(env.DATA_KEY, 'status_events.public_note_enc', row.reference, e.note) : null,
    })),
  );
  const town = county.townships.find((t) => t.id === row.township);
  const answer: StatusAnswer = {
    reference: row.reference,
    kind,
    status: row.status,
    statusLabel: statusLabel(model, row.status),
    timeline,
    nextStep: statusNextStep(model, row.status),
    // The township office handles it on the family's side; without its phone, the page gives 12345.
    contact: {
      office: town ? t('status.contact.township', { township: town.name }) : county.leadOfficeName,
      phone: town?.phone ?? county.civilAffairsPhone ?? county.hotline,
      hint: t('status.contact.hint'),
    },
    canWithdraw: checkTransition(model, { from: row.status, to: 'withdrawn', actor: 'applicant' }).ok,
    // Messages can be switched back on only where a phone was given (never for an anonymous report).
    notify: { sms: row.notifySms, canChange: row.phoneHash !== null },
    materials: [],
  };
  if (kind !== 'application') return answer;
  // The extra reads, in the order given above: the three of the materials, then the decisions.
  const [app, received, open, decided] = more as unknown as [...MaterialsRows, Awaited<ReturnType<typeof decisionsQuery>>];
  return { ...answer, materials: materialsFrom([app, received, open]), ...(await measuresOf(env, app[0]!, decided)) };
}

/** The decision on each measure of an application (审核认定), oldest first. */
function decisionsQuery(db: Database, application: SQL) {
  return db
    .select({
      entitlement: planItems.entitlement,
      decision: planItems.decision,
      reasonEnc: planItems.reasonEnc,
      publicNoteEnc: planItems.publicNoteEnc,
      caseRef: cases.reference,
    })
    .from(planItems)
    .innerJoin(cases, eq(cases.id, planItems.caseId))
    .where(eq(planItems.applicationId, application))
    .orderBy(planItems.id);
}

const OUTCOME_WORDS = {
  pending: t('status.outcome.pending'),
  approved: t('status.outcome.approved'),
  rejected: t('status.outcome.rejected'),
  needs_info: t('status.outcome.needs_info'),
} as const;

/**
 * Each measure the application asked for with its own outcome and public reason (审核认定
 * decides them one by one), by when an answer can be expected, and — after a refusal — how
 * to ask for a review and the legal remedies. Never an internal note.
 */
async function measuresOf(
  env: Env,
  app: { entitlements: string; createdAt: number; status: string },
  decided: Awaited<ReturnType<typeof decisionsQuery>>,
) {
  const asked = JSON.parse(app.entitlements) as string[];
  const open = (field: 'plan_items.reason_enc' | 'plan_items.public_note_enc', d: { caseRef: string }, text: string | null) =>
    decryptOrNull<string>(env.DATA_KEY, field, d.caseRef, text);
  const items: MeasureOutcome[] = await Promise.all(
    asked.map(async (slug) => {
      const d = decided.findLast((x) => x.entitlement === slug);
      let outcome = (d?.decision ?? 'pending') as MeasureOutcome['outcome'];
      // The family has brought what was missing (the application is back in review): waiting for the county again.
      if (outcome === 'needs_info' && app.status !== 'needs_info') outcome = 'pending';
      return {
        entitlement: slug,
        title: TITLES.get(slug) ?? slug,
        outcome,
        outcomeLabel: OUTCOME_WORDS[outcome],
        reason: d && (outcome === 'rejected' || outcome === 'needs_info') ? await open('plan_items.reason_enc', d, d.reasonEnc) : null,
        publicNote: d && outcome !== 'pending' ? await open('plan_items.public_note_enc', d, d.publicNoteEnc) : null,
      };
    }),
  );
  const due = answerDue(app.createdAt, asked.map(entitlementDays), county.reviewDays);
  return {
    items,
    dueBy: due === null ? null : new Date(due).toISOString(),
    appeal: items.some((i) => i.outcome === 'rejected') ? t('status.appeal') : null,
  };
}

const TITLES = new Map(catalog.map((e) => [e.slug, e.title]));

/** The applicant withdraws while the case is not decided (the status model says when). */
export async function withdraw(env: Env, db: Database, referenceInput: string, codeInput: string): Promise<StatusAnswer> {
  const { kind, table, model, row } = await authorised(env, db, referenceInput, codeInput);
  const to = 'withdrawn';
  if (!checkTransition(model, { from: row.status, to, actor: 'applicant' }).ok) {
    throw new ApiError(409, 'not_allowed', t('api.withdraw.tooLate', { status: statusLabel(model, row.status) }));
  }
  const note = await encryptJson(env.DATA_KEY, 'status_events.public_note_enc', row.reference, t('api.withdraw.note'));
  await move(env, kind, { id: row.id, from: row.status, to, actorKind: 'applicant', publicNoteEnc: note });
  return lookupStatus(env, db, referenceInput, codeInput);
}

/**
 * Switches the text messages of a submission off (or back on, where a phone was given):
 * the choice the form asked for, changed on /status/ with the reference and access code.
 */
export async function setNotify(env: Env, db: Database, referenceInput: string, codeInput: string, sms: boolean): Promise<StatusAnswer> {
  const { table, row } = await authorised(env, db, referenceInput, codeInput);
  if (sms && row.phoneHash === null) throw new ApiError(409, 'no_phone', t('status.notify.noPhone'));
  await db.update(table).set({ notifySms: sms }).where(eq(table.id, row.id));
  return lookupStatus(env, db, referenceInput, codeInput);
}
