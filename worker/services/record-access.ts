/**
 * A family's, a volunteer's or a reporter's own record, found by its reference and access code
 * (the status page, withdrawing, switching messages off, attaching documents): the one check
 * the public services share.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import {
  intakeKindOf,
  type IntakeKind,
  isAccessCode,
  isReference,
  normalizeAccessCode,
  normalizeReference,
} from '#src/domain/reference-code.ts';
import { t } from '#src/i18n/index.ts';
import type { Database } from '../db/client.ts';
import { statusEvents } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { accessHash, sameText } from '../lib/crypto.ts';
import { ApiError } from '../lib/errors.ts';
import { recordOf } from './records.ts';

const NOT_FOUND = () => new ApiError(404, 'not_found', t('status.notFound'));

/**
 * Finds a record by reference and access code; unknown reference and wrong code get the same
 * 404. With `withEvents`, the timeline comes in the same D1 round trip; so do the reads `also`
 * gives for the record's kind and id (SQL that finds it), their rows in `more`, in order. Those
 * are read whether or not the code is right, and returned only when it is.
 */
export async function authorised(
  env: Env,
  db: Database,
  referenceInput: string,
  codeInput: string,
  withEvents = false,
  also: (kind: IntakeKind, recordId: SQL) => BatchItem<'sqlite'>[] = () => [],
) {
  const reference = normalizeReference(referenceInput);
  const code = normalizeAccessCode(codeInput);
  const kind = intakeKindOf(reference);
  if (!kind || !isReference(reference) || !isAccessCode(code)) throw NOT_FOUND();
  const { table, model } = recordOf(kind);
  const rowQuery = db
    .select({
      id: table.id,
      reference: table.reference,
      status: table.status,
      accessHash: table.accessHash,
      township: table.township,
      notifySms: table.notifySms,
      phoneHash: table.phoneHash,
    })
    .from(table)
    .where(eq(table.reference, reference))
    .limit(1);
  const recordId = sql`(SELECT id FROM ${table} WHERE ${table.reference} = ${reference})`;
  const eventsQuery = db
    .select({ fromStatus: statusEvents.fromStatus, toStatus: statusEvents.toStatus, at: statusEvents.at, note: statusEvents.publicNoteEnc })
    .from(statusEvents)
    .where(and(eq(statusEvents.kind, kind), eq(statusEvents.recordId, recordId)))
    .orderBy(asc(statusEvents.id));
  const extra = also(kind, recordId);
  const [rows, events, ...more] =
    withEvents || extra.length
      ? ((await db.batch([rowQuery, eventsQuery, ...extra])) as [Awaited<typeof rowQuery>, Awaited<typeof eventsQuery>, ...unknown[]])
      : [await rowQuery, [] as Awaited<typeof eventsQuery>];
  const row = rows[0];
  const expected = await accessHash(env.HMAC_KEY, reference, code);
  // Compare even when there is no row, so both failures take the same time.
  const ok = sameText(row?.accessHash ?? '', expected) && row !== undefined;
  if (!ok) throw NOT_FOUND();
  return { kind, table, model, row: row!, events, more };
}
