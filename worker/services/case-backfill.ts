/**
 * Applications filed before child files existed: migration 0005 gave each one a file
 * (backfill_from names the application), and this fills in what needs the Worker's keys —
 * the child's data, encrypted under the file's own reference, and the blind indexes it is
 * found by. Run by the cron, in batches, until no file is left to fill.
 *
 * Before files existed, a family that applied twice for the same child had two applications,
 * so the migration gave the child two files. The backfill matches them as an application is
 * matched today (the same ID number anywhere, or the same name and birth date in the township)
 * and merges the later file into the earlier one — reversibly, as staff merge (un-merge puts it
 * back), and never when each has a pairing going (staff end one first). A closed file is merged
 * into an open one rather than the other way round, so the child stays followed.
 */
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { INACTIVE_CASE_STATUSES } from '#src/domain/case-status.ts';
import { database, type Database } from '../db/client.ts';
import { applications, cases, pairings } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { decryptOrNull, encryptJson } from '../lib/crypto.ts';
import { caseGroup, findCase, indexStatements, findableOf, type CasePersonal, type KeptCase } from './case-files.ts';
import { moveStatements, toD1 } from './records.ts';
import { t } from '#src/i18n/index.ts';

interface OldPersonal {
  applicant?: { name?: string; relationship?: string; phone?: string };
  child?: { name?: string; birthDate?: string; idNumber?: string };
  address?: string;
  /** A case opened from a report before files existed: its child was not known. */
  source?: { report: string };
}

/** Whether any file of the child's group has a pairing going. */
async function paired(db: Database, id: number): Promise<boolean> {
  const [row] = await db
    .select({ id: pairings.id })
    .from(pairings)
    .where(and(inArray(pairings.caseId, await caseGroup(db, id)), isNull(pairings.endedAt)))
    .limit(1);
  return row !== undefined;
}

/**
 * The merge of a legacy file with the file the child already has, as statements for the fill's
 * batch; none when both have a pairing going.
 */
async function mergeStatements(
  env: Env,
  db: Database,
  file: { id: number; reference: string; status: string },
  match: KeptCase,
): Promise<D1PreparedStatement[]> {
  if ((await paired(db, file.id)) && (await paired(db, match.id))) return [];
  const inactive = (s: string) => (INACTIVE_CASE_STATUSES as string[]).includes(s);
  // The file kept is the earlier one, unless only the later one is still followed.
  const [from, into] = inactive(match.status) && !inactive(file.status) ? [match, file] : [file, match];
  const note = await encryptJson(
    env.DATA_KEY,
    'status_events.internal_note_enc',
    from.reference,
    t('api.backfill.merged', { into: into.reference }),
  );
  return moveStatements(env.DB, 'case', {
    id: from.id,
    from: from.status,
    to: 'merged',
    actorKind: 'system',
    internalNoteEnc: note,
    set: { merged_into: into.id },
  });
}

/**
 * Index rows written under another township than their file's (an applicant's name and phone,
 * when an application from one township attached to a file in another, before that was put
 * right): moved to the file's township, where its staff search. At most `limit` a run.
 */
export async function repairIndexTownships(env: Env, limit = 500): Promise<number> {
  const { meta } = await env.DB.prepare(
    `UPDATE case_index SET township = (SELECT c.township FROM cases c WHERE c.id = case_index.case_id)
     WHERE id IN (SELECT i.id FROM case_index i JOIN cases c ON c.id = i.case_id WHERE i.township <> c.township LIMIT ?)`,
  )
    .bind(limit)
    .run();
  return meta.changes;
}

/** Fills up to `limit` files, the earliest first; answers how many. */
export async function backfillCases(env: Env, limit = 200): Promise<number> {
  const db = database(env.DB);
  await repairIndexTownships(env);
  const due = await db
    .select({ id: cases.id, reference: cases.reference, township: cases.township, status: cases.status, from: cases.backfillFrom })
    .from(cases)
    .where(isNotNull(cases.backfillFrom))
    .orderBy(asc(cases.id))
    .limit(limit);
  let merged = 0;
  for (const c of due) {
    const [app] = await db.select().from(applications).where(eq(applications.id, c.from!)).limit(1);
    const old = app ? await decryptOrNull<OldPersonal>(env.DATA_KEY, 'applications.personal_enc', app.reference, app.personalEnc) : null;
    const fromReport = old?.source !== undefined;
    const personal: CasePersonal = fromReport
      ? { child: {}, address: old?.address || undefined }
      : {
          child: { name: old?.child?.name, birthDate: old?.child?.birthDate || undefined, idNumber: old?.child?.idNumber },
          people: old?.applicant?.name
            ? [{ name: old.applicant.name, phone: old.applicant.phone || undefined, relationship: old.applicant.relationship }]
            : [],
          address: old?.address || undefined,
        };
    // The same child filed already (an earlier application's file, filled in before this one).
    const match = fromReport ? null : await findCase(env, db, { township: c.township, child: personal.child }, (f) => f.id !== c.id);
    const merge = match ? await mergeStatements(env, db, c, match) : [];
    if (merge.length) merged++;
    await env.DB.batch([
      toD1(
        env.DB,
        db
          .update(cases)
          .set({
            personalEnc: old ? await encryptJson(env.DATA_KEY, 'cases.personal_enc', c.reference, personal) : null,
            backfillFrom: null,
            ...(fromReport ? { status: 'unverified', origin: 'report' } : {}),
          })
          .where(eq(cases.id, c.id)),
      ),
      ...(await indexStatements(env, db, c, findableOf(personal))).map((q) => toD1(env.DB, q as never)),
      ...merge,
    ]);
  }
  if (due.length) console.log(`case backfill: filled ${due.length} child files, merged ${merged}`);
  return due.length;
}
