/**
 * 「忘记查询码」: a new access code for a submission, sent by text message to the phone given
 * when it was submitted. The phone is recognised by its keyed hash (notify.ts phoneHash), so
 * no table is decrypted to compare it; the old code stops working as the new one is written.
 *
 * The caller learns nothing: the route answers the same 202 before this runs, whether the
 * reference exists, the phone matches or not (no enumeration, and no timing difference).
 */
import { eq, sql } from 'drizzle-orm';
import { encode, formatAccessCode, intakeKindOf, isReference, normalizeReference, ACCESS_CODE_LENGTH } from '#src/domain/reference-code.ts';
import type { Database } from '../db/client.ts';
import type { Env } from '../env.ts';
import { accessHash, sameText } from '../lib/crypto.ts';
import { t } from '#src/i18n/index.ts';
import { noteWithMessage, phoneHash } from './notify.ts';
import { AFTER_CHANGE, commit, recordOf, toD1 } from './records.ts';
import { outboxStatements } from './sms/outbox.ts';

export type Recovery = 'sent' | 'no_match';

/** A fresh random access code (not derived from anything: a replay of the submission cannot give it out). */
export function newAccessCode(): string {
  return encode(crypto.getRandomValues(new Uint8Array(16)), ACCESS_CODE_LENGTH);
}

/**
 * Replaces the access code of `referenceInput` when `phone` is the one given at submission,
 * and writes the text message with the new code in the same batch. A concurrent recovery
 * that replaced the code first wins: this one then writes neither the code nor a message.
 */
export async function recoverAccessCode(env: Env, db: Database, referenceInput: string, phone: string): Promise<Recovery> {
  const reference = normalizeReference(referenceInput);
  const kind = intakeKindOf(reference);
  // Hash even when the reference cannot exist, so every answer costs the same.
  const presented = await phoneHash(env, reference, phone);
  if (!kind || !isReference(reference)) return 'no_match';
  const { table } = recordOf(kind);
  const [row] = await db
    .select({ id: table.id, phoneHash: table.phoneHash, accessHash: table.accessHash, notifySms: table.notifySms })
    .from(table)
    .where(eq(table.reference, reference))
    .limit(1);
  if (!row?.phoneHash || !row.accessHash || !sameText(row.phoneHash, presented)) return 'no_match';

  const code = newAccessCode();
  const update = db
    .update(table)
    .set({ accessHash: await accessHash(env.HMAC_KEY, reference, code) })
    .where(sql`${table.id} = ${row.id} AND ${table.accessHash} = ${row.accessHash}`);
  // The message goes even with step messages off: the person asked for it now. Where notes are
  // shown (not reports), the recovery is a note on the timeline too: the person sees on /status/
  // when a code was sent, staff see the message's fate.
  const message = { template: 'accessCodeRecovery' as const, vars: { reference, code: formatAccessCode(code) }, phone };
  const told = recordOf(kind).notesPublic
    ? await noteWithMessage(
        env,
        { kind, id: row.id, reference, personalEnc: null, notifySms: row.notifySms },
        { publicText: t('status.note.recovered'), actorKind: 'applicant', guard: AFTER_CHANGE },
        message,
      )
    : await outboxStatements(env, env.DB, [{ kind, recordId: row.id, reference, ...message }], { onlyIfChanged: true });
  const results = await commit(env, [toD1(env.DB, update), ...told]);
  return results[0]?.meta.changes === 1 ? 'sent' : 'no_match';
}
