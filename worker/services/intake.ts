/**
 * What every public intake shares (applications now; volunteers and reports reuse it):
 * idempotent submission with a fresh reference, the access code, the status timeline for
 * POST /api/status, and the applicant's withdrawal. Writes that belong together go in one
 * D1 batch, since D1 has no interactive transactions.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import county from '../../content/county.ts';
import {
  formatAccessCode,
  isAccessCode,
  isReference,
  intakeKindOf,
  newReference,
  normalizeAccessCode,
  normalizeReference,
  type IntakeKind,
} from '../../src/domain/reference-code.ts';
import type { StatusAnswer } from '../../src/domain/status-answer.ts';
import { checkTransition, statusLabel, statusNextStep } from '../../src/domain/status-model.ts';
import { withoutBotFields, type BotFields } from '../../src/schemas/requests.ts';
import type { Database } from '../db/client.ts';
import { uniqueViolation } from '../db/client.ts';
import { statusEvents } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { accessCodeFor, accessHash, decryptJson, encryptJson, hmacText, sameText } from '../lib/crypto.ts';
import { ApiError } from '../lib/errors.ts';
import { verifyTurnstile } from '../lib/turnstile.ts';
import type { Batch } from './case-files.ts';
import { materialsOf } from './materials.ts';
import { insertStatements, move, recordOf, type RecordTable } from './records.ts';

export interface Receipt {
  reference: string;
  /** Null when the person did not ask to follow up (anonymous reports). */
  accessCode: string | null;
  status: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

export function checkIdempotencyKey(key: string | undefined | null): string {
  if (!key)
    throw new ApiError(400, 'idempotency_key_required', '缺少防重复提交的编号，请刷新页面后重新提交。', {
      idempotencyKey: '请刷新页面后重新提交',
    });
  if (!IDEMPOTENCY_KEY.test(key))
    throw new ApiError(400, 'invalid', '防重复提交的编号格式不对，请刷新页面后重新提交。', { idempotencyKey: '格式不对' });
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
    .select({ reference: table.reference, requestHash: table.requestHash })
    .from(table)
    .where(eq(table.idempotencyKey, key))
    .limit(1);
  if (!row) return null;
  if (row.requestHash !== requestHash) {
    throw new ApiError(409, 'idempotency_conflict', '这个防重复提交编号已经用于另一份内容。请刷新页面后重新填写提交。');
  }
  return {
    reference: row.reference,
    accessCode: withCode ? formatAccessCode(await accessCodeFor(env.HMAC_KEY, kind, key)) : null,
    status: recordOf(kind).model.initial,
  };
}

export interface NewIntake {
  kind: IntakeKind;
  /** The validated request, with its anti-robot fields (src/schemas/requests.ts botFields). */
  body: BotFields;
  idempotencyKey: string;
  /** The caller's address, for Turnstile. */
  ip: string;
  /** Whether the person gets an access code to follow up. */
  withCode: boolean;
  /** The row's values for a given reference (encrypt with the reference as context). */
  values: (reference: string, accessHash: string | null) => Promise<Record<string, unknown>>;
  /**
   * The file the record belongs to (an application's child): further values of the row, and
   * statements written in the same batch before it (a new file) and after it (index entries).
   */
  belongsTo?: (reference: string) => Promise<{ values: Record<string, unknown>; before: Batch; after: Batch }>;
}

/**
 * Stores a submission once, whatever the retries and races; answers with its receipt.
 * Turnstile is asked only for a first submission, before anything is written.
 */
export async function submitIntake(env: Env, db: Database, n: NewIntake): Promise<Receipt> {
  const requestHash = await requestHashOf(env, n.kind, withoutBotFields(n.body));
  const seen = await replay(env, db, n.kind, n.idempotencyKey, requestHash, n.withCode);
  if (seen) return seen;
  await verifyTurnstile(env.TURNSTILE_SECRET, n.body.turnstileToken, n.ip);
  const { model } = recordOf(n.kind);
  const code = n.withCode ? await accessCodeFor(env.HMAC_KEY, n.kind, n.idempotencyKey) : null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = newReference(n.kind);
    const values = await n.values(reference, code ? await accessHash(env.HMAC_KEY, reference, code) : null);
    const link = n.belongsTo ? await n.belongsTo(reference) : { values: {}, before: [], after: [] };
    try {
      const row = {
        ...values,
        ...link.values,
        reference,
        status: model.initial,
        idempotencyKey: n.idempotencyKey,
        requestHash,
      } as RecordTable['$inferInsert'];
      const statements = [...link.before, ...insertStatements(db, n.kind, row, { kind: 'applicant' }), ...link.after];
      await db.batch(statements as unknown as Parameters<typeof db.batch>[0]);
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

const NOT_FOUND = () =>
  new ApiError(404, 'not_found', '编号或查询码不对。请核对后再试；忘记查询码的，请联系村（社区）儿童主任或乡镇（街道）。');

/**
 * Finds a record by reference and access code; unknown reference and wrong code get the same
 * 404. With `withEvents`, the timeline comes in the same D1 round trip.
 */
export async function authorised(env: Env, db: Database, referenceInput: string, codeInput: string, withEvents = false) {
  const reference = normalizeReference(referenceInput);
  const code = normalizeAccessCode(codeInput);
  const kind = intakeKindOf(reference);
  if (!kind || !isReference(reference) || !isAccessCode(code)) throw NOT_FOUND();
  const { table, model } = recordOf(kind);
  const rowQuery = db
    .select({ id: table.id, reference: table.reference, status: table.status, accessHash: table.accessHash })
    .from(table)
    .where(eq(table.reference, reference))
    .limit(1);
  const eventsQuery = db
    .select({ toStatus: statusEvents.toStatus, at: statusEvents.at, note: statusEvents.publicNoteEnc })
    .from(statusEvents)
    .where(
      and(eq(statusEvents.kind, kind), eq(statusEvents.recordId, sql`(SELECT id FROM ${table} WHERE ${table.reference} = ${reference})`)),
    )
    .orderBy(asc(statusEvents.id));
  const [rows, events] = withEvents ? await db.batch([rowQuery, eventsQuery]) : [await rowQuery, []];
  const row = rows[0];
  const expected = await accessHash(env.HMAC_KEY, reference, code);
  // Compare even when there is no row, so both failures take the same time.
  const ok = sameText(row?.accessHash ?? '', expected) && row !== undefined;
  if (!ok) throw NOT_FOUND();
  return { kind, table, model, row: row!, events };
}

export async function lookupStatus(env: Env, db: Database, referenceInput: string, codeInput: string): Promise<StatusAnswer> {
  const { kind, model, row, events } = await authorised(env, db, referenceInput, codeInput, true);
  const { notesPublic } = recordOf(kind);
  const timeline = await Promise.all(
    events.map(async (e) => ({
      status: e.toStatus,
      label: statusLabel(model, e.toStatus),
      at: new Date(e.at).toISOString(),
      note: notesPublic && e.note ? await decryptJson<string>(env.DATA_KEY, row.reference, e.note) : null,
    })),
  );
  return {
    reference: row.reference,
    kind,
    status: row.status,
    statusLabel: statusLabel(model, row.status),
    timeline,
    nextStep: statusNextStep(model, row.status),
    contact: {
      office: county.leadOfficeName,
      phone: county.hotline,
      hint: '有疑问可以联系村（社区）儿童主任、乡镇（街道），或拨打本县未成年人保护热线。',
    },
    canWithdraw: checkTransition(model, { from: row.status, to: 'withdrawn', actor: 'applicant' }).ok,
    materials: kind === 'application' ? await materialsOf(db, row.id) : [],
  };
}

/** The applicant withdraws while the case is not decided (the status model says when). */
export async function withdraw(env: Env, db: Database, referenceInput: string, codeInput: string): Promise<StatusAnswer> {
  const { kind, table, model, row } = await authorised(env, db, referenceInput, codeInput);
  const to = 'withdrawn';
  if (!checkTransition(model, { from: row.status, to, actor: 'applicant' }).ok) {
    throw new ApiError(
      409,
      'not_allowed',
      `现在的状态是「${statusLabel(model, row.status)}」，已经不能撤回了。如有疑问请联系乡镇（街道）。`,
    );
  }
  const note = await encryptJson(env.DATA_KEY, row.reference, '本人撤回');
  await move(env.DB, kind, { id: row.id, from: row.status, to, actorKind: 'applicant', publicNoteEnc: note });
  return lookupStatus(env, db, referenceInput, codeInput);
}
