/**
 * Applications filed before child files existed: migration 0005 gave each one a file
 * (backfill_from names the application), and this fills in what needs the Worker's keys —
 * the child's data, encrypted under the file's own reference, and the blind indexes it is
 * found by. Run by the cron, in batches, until no file is left to fill.
 */
import { eq, isNotNull } from 'drizzle-orm';
import { database } from '../db/client.ts';
import { applications, cases } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { decryptJson, encryptJson } from '../lib/crypto.ts';
import { indexStatements, findableOf, type CasePersonal } from './case-files.ts';

interface OldPersonal {
  applicant?: { name?: string; relationship?: string; phone?: string };
  child?: { name?: string; birthDate?: string; idNumber?: string };
  address?: string;
  /** A case opened from a report before files existed: its child was not known. */
  source?: { report: string };
}

/** Fills up to `limit` files; answers how many. */
export async function backfillCases(env: Env, limit = 200): Promise<number> {
  const db = database(env.DB);
  const due = await db
    .select({ id: cases.id, reference: cases.reference, township: cases.township, from: cases.backfillFrom })
    .from(cases)
    .where(isNotNull(cases.backfillFrom))
    .limit(limit);
  for (const c of due) {
    const [app] = await db.select().from(applications).where(eq(applications.id, c.from!)).limit(1);
    const old = app?.personalEnc ? await decryptJson<OldPersonal>(env.DATA_KEY, app.reference, app.personalEnc) : null;
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
    await db.batch([
      db
        .update(cases)
        .set({
          personalEnc: old ? await encryptJson(env.DATA_KEY, c.reference, personal) : null,
          backfillFrom: null,
          ...(fromReport ? { status: 'unverified', origin: 'report' } : {}),
        })
        .where(eq(cases.id, c.id)),
      ...(await indexStatements(env, db, c, findableOf(personal))),
    ] as never);
  }
  if (due.length) console.log(`case backfill: filled ${due.length} child files`);
  return due.length;
}
